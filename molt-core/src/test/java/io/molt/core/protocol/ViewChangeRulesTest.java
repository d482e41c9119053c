package io.molt.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.crypto.Digest;
import io.molt.core.message.ViewState;
import io.molt.core.message.WriteEntry;
import io.molt.core.protocol.ViewChangeRules.Bound;
import io.molt.core.protocol.ViewChangeRules.NotSound;
import io.molt.core.protocol.ViewChangeRules.Outcome;
import io.molt.core.protocol.ViewChangeRules.Selection;
import io.molt.core.protocol.ViewChangeRules.Unbound;
import io.molt.core.quorum.Quorums;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The view-change predicates, table by table (n = 4, t = 1: quorums of 3, t + 1 = 2), and a
 * randomized check of the property they exist for: once a value is decided, no sound
 * collection binds another one and none is unbound.
 */
class ViewChangeRulesTest {
    private static final Quorums Q4 = new Quorums(4, 1, 0);
    private static final Digest A = Digest.sha256(new byte[] {1});
    private static final Digest B = Digest.sha256(new byte[] {2});
    private static final Digest C = Digest.sha256(new byte[] {3});

    /** A state of {@code replica}: val {@code (valTs, val)}, write set of (ts, digest) pairs. */
    private static ViewState state(int replica, int valTs, Digest val, Object... writes) {
        List<WriteEntry> ws = new ArrayList<>();
        for (int i = 0; i < writes.length; i += 2) {
            ws.add(new WriteEntry((Integer) writes[i], (Digest) writes[i + 1]));
        }
        return new ViewState(7, 3, replica, valTs, val == null ? Digest.ZERO : val, ws, null, new byte[64]);
    }

    private static Outcome eval(ViewState... states) {
        return ViewChangeRules.evaluate(List.of(states), Q4);
    }

    @Test
    void fewerThanAQuorumProvesNothing() {
        assertThat(eval(state(0, 0, null), state(1, 0, null))).isInstanceOf(NotSound.class);
    }

    @Test
    void aQuorumWithoutValuesIsUnbound() {
        assertThat(eval(state(0, 0, null), state(1, 0, null, 1, A), state(2, 0, null))).isInstanceOf(Unbound.class);
    }

    @Test
    void theHighestCertifiedValueIsBound() {
        Outcome o = eval(state(0, 2, A, 2, A), state(1, 1, B, 1, B, 2, A), state(2, 0, null));
        assertThat(o).isEqualTo(new Bound(2, A));
    }

    @Test
    void aValueOnlyItsOwnReporterWroteIsNotCertified() {
        // One replica (perhaps faulty) claims (2, A), nobody else wrote A: not t + 1 writers.
        assertThat(eval(state(0, 2, A, 2, A), state(1, 1, B, 1, B), state(2, 0, null))).isInstanceOf(NotSound.class);
    }

    @Test
    void twoValuesAtTheHighestTimestampAreNotSound() {
        assertThat(eval(state(0, 2, A, 2, A), state(1, 2, B, 2, B, 2, A), state(2, 0, null, 2, B)))
                .isInstanceOf(NotSound.class);
    }

    @Test
    void aWriteInAnOlderViewDoesNotCertify() {
        // A was written at ts 1 by two replicas but is claimed at ts 2: certification needs ts >= 2.
        assertThat(eval(state(0, 2, A, 1, A), state(1, 0, null, 1, A), state(2, 0, null))).isInstanceOf(NotSound.class);
    }

    @Test
    void theLeaderLeavesOutAnUncertifiableHighClaim() {
        // Replica 3 (faulty) claims (5, C); the others bound A at ts 2.
        List<ViewState> collected = List.of(state(0, 2, A, 2, A), state(1, 2, A, 2, A), state(2, 1, B, 1, B, 2, A),
                state(3, 5, C, 5, C));
        assertThat(ViewChangeRules.evaluate(collected, Q4)).isInstanceOf(NotSound.class);
        Selection s = ViewChangeRules.findSound(collected, Q4, d -> true);
        assertThat(s.outcome()).isEqualTo(new Bound(2, A));
        assertThat(s.states()).extracting(ViewState::replicaId).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(ViewChangeRules.evaluate(s.states(), Q4)).isEqualTo(new Bound(2, A));
    }

    @Test
    void theLeaderPrefersABoundValueItHoldsTheBatchFor() {
        List<ViewState> collected = List.of(state(0, 2, A, 2, A), state(1, 2, A, 2, A), state(2, 0, null, 2, A),
                state(3, 0, null));
        assertThat(ViewChangeRules.findSound(collected, Q4, d -> true).outcome()).isEqualTo(new Bound(2, A));
        // Without A's batch the leader cannot propose A and must not fall back to "unbound"
        // unless a quorum really has no value: here only two states are empty.
        assertThat(ViewChangeRules.findSound(collected, Q4, d -> false).outcome()).isInstanceOf(NotSound.class);
    }

    @Test
    void emptyStatesFromAQuorumLetTheLeaderProposeAfresh() {
        List<ViewState> collected = List.of(state(0, 0, null), state(1, 0, null, 1, B), state(2, 0, null),
                state(3, 1, C, 1, C));
        assertThat(ViewChangeRules.findSound(collected, Q4, d -> false).outcome()).isInstanceOf(Unbound.class);
    }

    /**
     * Builds histories of one slot with correct replicas following the protocol and t
     * faulty replicas reporting anything, in which some value was decided; then checks that
     * no collection of a quorum of states binds another value or is unbound, and that the
     * states of all correct replicas always yield a sound selection (liveness).
     */
    @Test
    void aDecidedValueIsTheOnlyOneAnySoundCollectionBinds() {
        Random random = new Random(42);
        Quorums q = new Quorums(7, 2, 0);
        Digest[] values = {A, B, C};
        int checked = 0;
        for (int trial = 0; trial < 3000; trial++) {
            // Decision of `decided` at timestamp w: a quorum of replicas (at least q - t correct)
            // accepted it, so those hold it as val at timestamp w or later.
            int w = 1 + random.nextInt(4);
            Digest decided = values[random.nextInt(3)];
            List<ViewState> correct = new ArrayList<>();
            int correctCount = q.n() - q.t();
            int acceptors = q.agreement() - q.t() + random.nextInt(correctCount - (q.agreement() - q.t()) + 1);
            // The acceptors' highest view h is w or w + 1; in h a quorum prepared the value,
            // so every acceptor wrote it in h, whatever view it last saw a quorum in.
            int h = w + random.nextInt(2);
            for (int i = 0; i < correctCount; i++) {
                if (i < acceptors) {
                    int ts = i == 0 ? h : w + random.nextInt(h - w + 1);
                    correct.add(state(i, ts, decided, h, decided));
                } else {
                    // Not an acceptor: an older value, or nothing; it may have written the decided
                    // value, or another value in an older view.
                    Digest other = values[random.nextInt(3)];
                    int ts = random.nextInt(w);
                    correct.add(ts == 0 ? state(i, 0, null, w, decided) : state(i, ts, other, ts, other));
                }
            }
            List<ViewState> faulty = new ArrayList<>();
            for (int f = 0; f < q.t(); f++) {
                Digest lie = values[random.nextInt(3)];
                int ts = random.nextInt(8);
                faulty.add(state(correctCount + f, ts, ts == 0 ? null : lie, 1 + random.nextInt(7), lie));
            }
            List<ViewState> all = new ArrayList<>(correct);
            all.addAll(faulty);
            // Every subset of at least a quorum: none may bind another value or be unbound.
            int members = all.size();
            for (int mask = 0; mask < 1 << members; mask++) {
                if (Integer.bitCount(mask) < q.agreement()) {
                    continue;
                }
                List<ViewState> subset = new ArrayList<>();
                for (int i = 0; i < members; i++) {
                    if ((mask & (1 << i)) != 0) {
                        subset.add(all.get(i));
                    }
                }
                Outcome o = ViewChangeRules.evaluate(subset, q);
                assertThat(o).as("trial %d subset %s", trial, subset).isNotInstanceOf(Unbound.class);
                if (o instanceof Bound b) {
                    assertThat(b.digest()).as("trial %d subset %s", trial, subset).isEqualTo(decided);
                }
                checked++;
            }
            Selection live = ViewChangeRules.findSound(all, q, d -> true);
            assertThat(live.outcome()).as("trial %d: the leader must find a sound collection in %s", trial, all)
                    .isInstanceOf(Bound.class);
            assertThat(((Bound) live.outcome()).digest()).isEqualTo(decided);
        }
        assertThat(checked).isEqualTo(3000L * 29);
    }
}
