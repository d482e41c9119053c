package io.molt.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuorumsTest {

    @ParameterizedTest(name = "n={0} t={1} r={2}: agreement {3}, vouch {4}")
    @CsvSource({
        "1, 0, 0, 1, 1",
        "4, 1, 0, 3, 2",
        "5, 1, 0, 4, 2",
        "8, 1, 1, 5, 2",
        "6, 1, 1, 4, 2",
        "7, 2, 0, 5, 3",
        "9, 2, 1, 6, 3",
        "11, 2, 2, 7, 3",
    })
    void thresholds(int n, int t, int r, int agreement, int vouch) {
        Quorums q = new Quorums(n, t, r);
        assertThat(q.agreement()).isEqualTo(agreement);
        assertThat(q.vouch()).isEqualTo(vouch);
        assertThat(q.isAgreementQuorum(agreement)).isTrue();
        assertThat(q.isAgreementQuorum(agreement - 1)).isFalse();
        assertThat(q.vouches(vouch)).isTrue();
        assertThat(q.vouches(vouch - 1)).isFalse();
    }

    @ParameterizedTest(name = "n={0} t={1} r={2} is too small")
    @CsvSource({"3, 1, 0", "5, 1, 1", "6, 2, 0", "4, 0, 2", "0, 0, 0"})
    void rejectsEnsemblesTooSmall(int n, int t, int r) {
        assertThatThrownBy(() -> new Quorums(n, t, r))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3t + 2r + 1");
    }

    @Test
    void rejectsNegativeThresholds() {
        assertThatThrownBy(() -> new Quorums(4, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Quorums(4, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The two facts the protocol's safety and liveness rest on, for every ensemble up to 30
     * replicas: any two quorums share a correct replica, and the replicas that are neither
     * faulty nor recovering still form a quorum.
     */
    @Test
    void quorumsIntersectInACorrectReplicaAndStayAvailable() {
        int checked = 0;
        for (int t = 0; t <= 7; t++) {
            for (int r = 0; r <= 5; r++) {
                for (int n = 3 * t + 2 * r + 1; n <= 30; n++) {
                    Quorums q = new Quorums(n, t, r);
                    int overlap = 2 * q.agreement() - n;
                    assertThat(overlap).as("overlap for %s", q).isGreaterThanOrEqualTo(t + 1);
                    if (n == 3 * t + 2 * r + 1) {
                        assertThat(q.agreement()).isEqualTo(2 * t + r + 1);
                    }
                    assertThat(n - t - r).as("live replicas for %s", q).isGreaterThanOrEqualTo(q.agreement());
                    assertThat(q.minProposers()).isGreaterThan(t);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void minimalEnsemble() {
        assertThat(Quorums.minimal(1, 1)).isEqualTo(new Quorums(6, 1, 1));
        assertThat(Quorums.minimal(0, 0).n()).isEqualTo(1);
    }
}
