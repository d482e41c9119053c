package io.molt.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.replica.ClientRateLimiter.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {
    private static final long MS = 1_000_000L;

    @Test
    void aClientGetsItsBurstThenItsRateAndIsToldOncePerSecond() {
        ClientRateLimiter limiter = new ClientRateLimiter(100);
        List<Verdict> first = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            first.add(limiter.admit(7, 0));
        }
        assertThat(first.stream().filter(v -> v == Verdict.ACCEPT).count()).as("the burst").isEqualTo(100);
        assertThat(first.stream().filter(v -> v == Verdict.DROP_AND_TELL).count()).as("told once").isEqualTo(1);
        // 50 ms later: 5 more tokens, and no second notice within the second.
        long accepted = 0;
        for (int i = 0; i < 20; i++) {
            Verdict v = limiter.admit(7, 50 * MS);
            accepted += v == Verdict.ACCEPT ? 1 : 0;
            assertThat(v).isNotEqualTo(Verdict.DROP_AND_TELL);
        }
        assertThat(accepted).isEqualTo(5);
        assertThat(limiter.admit(7, 50 * MS)).isEqualTo(Verdict.DROP);
        // A second after the first notice, it is told again.
        assertThat(limiter.admit(7, 1001 * MS)).isEqualTo(Verdict.ACCEPT);
    }

    @Test
    void oneClientsFloodLeavesOthersAlone() {
        ClientRateLimiter limiter = new ClientRateLimiter(10);
        for (int i = 0; i < 1000; i++) {
            limiter.admit(1, 0);
        }
        assertThat(limiter.admit(2, 0)).isEqualTo(Verdict.ACCEPT);
        assertThat(limiter.admit(1, 0)).isNotEqualTo(Verdict.ACCEPT);
    }
}
