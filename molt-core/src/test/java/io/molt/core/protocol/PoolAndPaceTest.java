package io.molt.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.message.Request;
import org.junit.jupiter.api.Test;

class PoolAndPaceTest {

    private static Request request(long client, long seq) {
        return new Request(client, seq, false, new byte[] {1});
    }

    @Test
    void afterAnInstallOrderedRequestsLeaveThePoolAndStrandedOnesComeBack() {
        RequestPool pool = new RequestPool(100, 10, new int[] {0, 1, 2, 3});
        for (long seq = 1; seq <= 4; seq++) {
            pool.offer(request(7, seq), 0, false);
        }
        pool.markInFlight(new RequestKey(7, 1), 5);   // in a slot the snapshot covers
        pool.markInFlight(new RequestKey(7, 2), 50);  // in a later slot
        // The snapshot up to slot 10 ordered seq 3.
        pool.afterInstall(10, key -> key.seq() == 3);
        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.get(new RequestKey(7, 3))).isNull();
        assertThat(pool.get(new RequestKey(7, 1)).inFlightSlot).as("proposable again").isEqualTo(-1);
        assertThat(pool.get(new RequestKey(7, 2)).inFlightSlot).isEqualTo(50);
        // The client's share shrank with it: room for more of its requests.
        for (long seq = 10; seq < 17; seq++) {
            assertThat(pool.offer(request(7, seq), 0, false)).isEqualTo(RequestPool.Offer.ADDED);
        }
        assertThat(pool.offer(request(7, 17), 0, false)).isEqualTo(RequestPool.Offer.CLIENT_FULL);
        assertThat(pool.offer(request(8, 1), 0, false)).isEqualTo(RequestPool.Offer.ADDED);
    }

    @Test
    void theViewZeroTimeoutFollowsTheMedianAndIgnoresOneSlowProposerInFour() {
        ViewZeroPace pace = new ViewZeroPace(400);
        assertThat(pace.timeout()).as("before it knows anything").isEqualTo(400);
        for (int i = 0; i < 1000; i++) {
            pace.observe(i % 4 == 3 ? 150 : 2);
        }
        assertThat(pace.timeout()).as("8 x 2 ms, raised to the floor of 400 / 4").isEqualTo(100);
        for (int i = 0; i < 1000; i++) {
            pace.observe(30);
        }
        assertThat(pace.timeout()).as("8 x 30 ms").isEqualTo(240);
        for (int i = 0; i < 1000; i++) {
            pace.observe(500);
        }
        assertThat(pace.timeout()).as("never above the configured timeout").isEqualTo(400);
    }
}
