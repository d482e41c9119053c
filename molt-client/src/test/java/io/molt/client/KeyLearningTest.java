package io.molt.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.message.KeyQuery;
import io.molt.core.message.KeyReport;
import io.molt.core.quorum.Quorums;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * How a client learns refreshed keys in {@code n = 6, t = 1, r = 1}: what {@code t + 1 = 2}
 * replicas report alike is adopted, what one replica says alone never is.
 */
class KeyLearningTest {
    private static final Quorums QUORUMS = new Quorums(6, 1, 1);

    private final ReplicaIncarnations incarnations = new ReplicaIncarnations(6);
    private final List<KeyQuery> sent = new ArrayList<>();
    private final List<Runnable> lapses = new ArrayList<>();
    private final AtomicInteger readmissions = new AtomicInteger();
    private final KeyLearning learning = new KeyLearning(7, incarnations, QUORUMS, sent::add, lapses::add,
            readmissions::incrementAndGet);

    private static byte[] key(int replica, long incarnation) {
        byte[] key = new byte[32];
        key[0] = (byte) replica;
        key[1] = (byte) incarnation;
        return key;
    }

    /** The table after epochs 1..epoch, epoch e refreshing replica e mod 6. */
    private static List<KeyReport.CurrentKey> table(long epoch) {
        List<KeyReport.CurrentKey> keys = new ArrayList<>();
        for (int replica = 0; replica < 6; replica++) {
            long incarnation = 0;
            for (long e = 1; e <= epoch; e++) {
                if (e % 6 == replica) {
                    incarnation = e;
                }
            }
            keys.add(new KeyReport.CurrentKey(incarnation, key(replica, incarnation)));
        }
        return keys;
    }

    private KeyReport report(int from, long epoch) {
        return new KeyReport(from, sent.get(sent.size() - 1).nonce(), epoch, table(epoch));
    }

    @Test
    void aVouchedEpochStartsOneQueryAndTwoAlikeReportsAreAdopted() {
        learning.vouched(2);
        learning.vouched(2);
        assertThat(sent).as("one query at a time").hasSize(1);

        learning.onReport(0, report(0, 2));
        assertThat(incarnations.incarnationOf(2)).as("one report proves nothing").isEqualTo(-1);
        learning.onReport(3, report(3, 2));
        assertThat(incarnations.incarnationOf(1)).isEqualTo(1);
        assertThat(incarnations.incarnationOf(2)).isEqualTo(2);
        assertThat(incarnations.incarnationOf(0)).isZero();
        assertThat(readmissions).as("connections checked again once").hasValue(1);
        assertThat(learning.learnedEpoch()).isEqualTo(2);

        learning.vouched(2);
        assertThat(sent).as("epoch 2 is learned").hasSize(1);
        learning.vouched(3);
        assertThat(sent).hasSize(2);
    }

    @Test
    void aFaultyReplicaAloneChangesNothing() {
        learning.vouched(1);
        long nonce = sent.get(0).nonce();
        List<KeyReport.CurrentKey> implausible = new ArrayList<>(table(1));
        implausible.set(4, new KeyReport.CurrentKey(99, key(4, 99)));
        learning.onReport(5, new KeyReport(5, nonce, 1, implausible));
        List<KeyReport.CurrentKey> forged = new ArrayList<>(table(1));
        forged.set(4, new KeyReport.CurrentKey(1, key(4, 77)));
        learning.onReport(5, new KeyReport(5, nonce, 1, forged));
        learning.onReport(5, report(5, 1));
        assertThat(incarnations.incarnationOf(4)).isEqualTo(-1);

        learning.onReport(2, new KeyReport(3, nonce, 1, table(1)));
        learning.onReport(2, new KeyReport(2, nonce + 1, 1, table(1)));
        learning.onReport(2, new KeyReport(2, nonce, 1, table(1).subList(0, 5)));
        assertThat(incarnations.incarnationOf(1)).as("a report for another replica, another query, or naming"
                + " fewer replicas is ignored").isEqualTo(-1);

        learning.onReport(0, report(0, 1));
        assertThat(incarnations.incarnationOf(1)).as("replicas 0 and 5 agree on it").isEqualTo(1);
        assertThat(incarnations.incarnationOf(4)).as("only replica 0 reports the truth; of 5's reports the"
                + " implausible one (incarnation 99 at epoch 1) counted for nothing, the forged one counted")
                .isEqualTo(-1);
        assertThat(learning.learnedEpoch()).isEqualTo(-1);

        learning.onReport(2, report(2, 1));
        assertThat(incarnations.incarnationOf(4)).isZero();
        assertThat(learning.learnedEpoch()).isEqualTo(1);
    }

    @Test
    void lateReportsTeachWhatTheyAgreeOnAndALapsedQueryIsAskedAgain() {
        learning.vouched(6);
        learning.onReport(0, report(0, 5));
        learning.onReport(1, report(1, 5));
        assertThat(incarnations.incarnationOf(5)).as("lagging replicas still vouch for epoch 5").isEqualTo(5);
        assertThat(learning.learnedEpoch()).as("but not for epoch 6").isEqualTo(-1);

        learning.onReport(2, report(2, 6));
        assertThat(incarnations.incarnationOf(0)).isZero();
        lapses.get(0).run();
        learning.onReport(3, report(3, 6));
        assertThat(incarnations.incarnationOf(0)).as("the lapsed query takes no more reports").isZero();

        learning.vouched(6);
        assertThat(sent).as("asked again").hasSize(2);
        learning.onReport(2, report(2, 6));
        learning.onReport(4, report(4, 7));
        learning.onReport(3, report(3, 6));
        assertThat(incarnations.incarnationOf(0)).isEqualTo(6);
        assertThat(learning.learnedEpoch()).isEqualTo(6);
    }
}
