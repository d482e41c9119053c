package io.molt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.quorum.Quorums;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reply synthesis in the smallest ensemble ({@code n = 4, t = 1}: {@code t + 1 = 2} matching
 * replies vouch for an ordered result, a query needs an agreement quorum of 3).
 */
class ReplyQuorumTest {
    private static final Quorums QUORUMS = Quorums.minimal(1, 0);
    private static final int N = QUORUMS.n();
    private static final int VOUCH = QUORUMS.vouch();
    private static final int AGREEMENT = QUORUMS.agreement();
    private static final long EPOCH = 0;
    private static final long SLOT = 7;

    private static Reply reply(int replica, ReplyStatus status, String result, long epoch, long slot) {
        return new Reply(replica, 1, 42, epoch, slot, status, result.getBytes(StandardCharsets.UTF_8));
    }

    private static Reply ok(int replica, String result) {
        return reply(replica, ReplyStatus.OK, result, EPOCH, SLOT);
    }

    private static Reply okAtSlot(int replica, String result, long slot) {
        return reply(replica, ReplyStatus.OK, result, EPOCH, slot);
    }

    /** One row: replies arriving in order from distinct replicas, and whether the last one completes the quorum. */
    private static Arguments row(String name, boolean query, boolean agrees, Reply... replies) {
        return arguments(named(name, List.of(replies)), query, agrees);
    }

    static Stream<Arguments> orderedRows() {
        return Stream.of(
                row("same status, result, epoch and slot", false, true,
                        ok(0, "5"), ok(1, "5")),
                row("same service error at the same slot", false, true,
                        reply(0, ReplyStatus.SERVICE_ERROR, "overflow", EPOCH, SLOT),
                        reply(1, ReplyStatus.SERVICE_ERROR, "overflow", EPOCH, SLOT)),
                row("a different slot does not match", false, false,
                        okAtSlot(0, "5", SLOT), okAtSlot(1, "5", SLOT + 1)),
                row("a different epoch does not match", false, false,
                        reply(0, ReplyStatus.OK, "5", 0, SLOT), reply(1, ReplyStatus.OK, "5", 1, SLOT)),
                row("a different result does not match", false, false,
                        ok(0, "5"), ok(1, "6")),
                row("the same bytes under another status do not match", false, false,
                        ok(0, "x"), reply(1, ReplyStatus.SERVICE_ERROR, "x", EPOCH, SLOT)),
                row("refusals match whatever slot and epoch they name", false, true,
                        reply(0, ReplyStatus.REJECTED, "too old", 0, 3), reply(1, ReplyStatus.REJECTED, "too old", 1, 9)),
                row("refusals with different reasons do not match", false, false,
                        reply(0, ReplyStatus.REJECTED, "too old", EPOCH, SLOT),
                        reply(1, ReplyStatus.REJECTED, "too large", EPOCH, SLOT)),
                row("busy replies never count, however many", false, false,
                        reply(0, ReplyStatus.BUSY, "", EPOCH, SLOT), reply(1, ReplyStatus.BUSY, "", EPOCH, SLOT),
                        reply(2, ReplyStatus.BUSY, "", EPOCH, SLOT), reply(3, ReplyStatus.BUSY, "", EPOCH, SLOT)),
                row("t + 1 matching among mismatches", false, true,
                        ok(0, "5"), ok(1, "6"), okAtSlot(2, "6", SLOT + 1), ok(3, "5")));
    }

    static Stream<Arguments> queryRows() {
        return Stream.of(
                row("a quorum with the same result at different slots", true, true,
                        okAtSlot(0, "5", 3), okAtSlot(1, "5", 4), okAtSlot(2, "5", 9)),
                row("t + 1 matching is not enough for a query", true, false,
                        ok(0, "5"), ok(1, "5")),
                row("one different result leaves no quorum of three", true, false,
                        ok(0, "5"), ok(1, "5"), ok(2, "6")),
                row("a different status leaves no quorum", true, false,
                        ok(0, "x"), ok(1, "x"), reply(2, ReplyStatus.SERVICE_ERROR, "x", EPOCH, SLOT)),
                row("the fourth reply completes the quorum", true, true,
                        ok(0, "5"), ok(1, "6"), ok(2, "5"), ok(3, "5")),
                row("busy replies do not fill a query quorum", true, false,
                        ok(0, "5"), ok(1, "5"), reply(2, ReplyStatus.BUSY, "5", EPOCH, SLOT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"orderedRows", "queryRows"})
    void theLastReplyOfARowCompletesTheQuorumExactlyWhenExpected(List<Reply> replies, boolean query, boolean agrees) {
        ReplyQuorum quorum = new ReplyQuorum();
        int needed = query ? AGREEMENT : VOUCH;
        for (Reply earlier : replies.subList(0, replies.size() - 1)) {
            assertThat(quorum.add(earlier.replicaId(), earlier, needed, query)).as("after %s", earlier).isNull();
        }
        Reply last = replies.get(replies.size() - 1);

        Reply agreed = quorum.add(last.replicaId(), last, needed, query);

        if (agrees) {
            assertThat(agreed).as("agreement after %s", replies).isSameAs(last);
        } else {
            assertThat(agreed).as("agreement after %s", replies).isNull();
        }
    }

    @Test
    void aBusyReplyNeitherVotesNorReplacesTheReplicasEarlierReply() {
        ReplyQuorum quorum = new ReplyQuorum();
        assertThat(quorum.add(0, ok(0, "5"), VOUCH, false)).isNull();
        assertThat(quorum.add(0, reply(0, ReplyStatus.BUSY, "", EPOCH, SLOT), VOUCH, false)).isNull();
        assertThat(quorum.size()).isEqualTo(1);

        assertThat(quorum.add(1, ok(1, "5"), VOUCH, false)).as("replica 0's OK still counts").isNotNull();
    }

    @Test
    void aRepeatedReplyFromOneReplicaIsOneVote() {
        ReplyQuorum quorum = new ReplyQuorum();
        for (int i = 0; i < N; i++) {
            assertThat(quorum.add(2, ok(2, "5"), VOUCH, false)).isNull();
        }
        assertThat(quorum.size()).isEqualTo(1);
    }

    @Test
    void aReplicasLaterReplyReplacesItsEarlierOne() {
        ReplyQuorum quorum = new ReplyQuorum();
        quorum.add(0, ok(0, "old"), VOUCH, false);
        quorum.add(0, ok(0, "new"), VOUCH, false);

        assertThat(quorum.add(1, ok(1, "old"), VOUCH, false)).as("replica 0 no longer vouches for 'old'").isNull();
        assertThat(quorum.add(2, ok(2, "new"), VOUCH, false)).as("replica 0 and 2 vouch for 'new'").isNotNull();
    }

    @Test
    void clearForgetsEveryVote() {
        ReplyQuorum quorum = new ReplyQuorum();
        quorum.add(0, ok(0, "5"), VOUCH, false);
        quorum.clear();

        assertThat(quorum.size()).isZero();
        assertThat(quorum.add(1, ok(1, "5"), VOUCH, false)).isNull();
    }

    static Stream<Arguments> reachability() {
        return Stream.of(
                arguments(named("no replies yet", List.<Reply>of()), true),
                arguments(named("two different results, two replicas still silent", List.of(ok(0, "a"), ok(1, "b"))),
                        true),
                arguments(named("three different results", List.of(ok(0, "a"), ok(1, "b"), ok(2, "c"))), false),
                arguments(named("two alike and one different", List.of(ok(0, "a"), ok(1, "b"), ok(2, "a"))), true),
                arguments(named("two against two", List.of(ok(0, "a"), ok(1, "b"), ok(2, "a"), ok(3, "b"))), false),
                arguments(named("same result at different slots counts as one value",
                        List.of(okAtSlot(0, "a", 1), okAtSlot(1, "b", 1), okAtSlot(2, "a", 2))), true),
                arguments(named("a busy replica may still answer",
                        List.of(ok(0, "a"), ok(1, "b"), reply(2, ReplyStatus.BUSY, "", EPOCH, SLOT))), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reachability")
    void canStillReachAQueryQuorum(List<Reply> replies, boolean reachable) {
        ReplyQuorum quorum = new ReplyQuorum();
        replies.forEach(r -> quorum.add(r.replicaId(), r, AGREEMENT, true));

        assertThat(quorum.canStillReach(AGREEMENT, N)).as("reachable after %s", replies).isEqualTo(reachable);
    }

    /**
     * Every assignment of the answers "a", "b", "c" or silence to the replicas of two ensembles:
     * a quorum agrees exactly when some answer has {@code needed} votes, and it can still be
     * reached exactly when some answer (one not seen yet included) has {@code needed} votes
     * once every silent replica gives it.
     */
    @ParameterizedTest(name = "n={0} t={1}")
    @MethodSource("ensembles")
    void agreementAndReachabilityMatchAVoteCountOverEveryAssignment(int n, int t) {
        Quorums quorums = new Quorums(n, t, 0);
        int needed = quorums.agreement();
        String[] answers = {null, "a", "b", "c"};
        int assignments = (int) Math.pow(answers.length, n);
        for (int code = 0; code < assignments; code++) {
            ReplyQuorum quorum = new ReplyQuorum();
            Map<String, Integer> votes = new HashMap<>();
            List<String> assignment = new ArrayList<>();
            boolean agreedBefore = false;
            int silent = 0;
            for (int replica = 0, rest = code; replica < n; replica++, rest /= answers.length) {
                String answer = answers[rest % answers.length];
                assignment.add(answer);
                if (answer == null) {
                    silent++;
                    continue;
                }
                int count = votes.merge(answer, 1, Integer::sum);
                Reply agreed = quorum.add(replica, okAtSlot(replica, answer, replica), needed, true);
                if (!agreedBefore) {
                    assertThat(agreed != null).as("agreement after %s", assignment).isEqualTo(count >= needed);
                }
                agreedBefore |= agreed != null;
            }
            int best = votes.values().stream().max(Integer::compare).orElse(0);
            assertThat(quorum.canStillReach(needed, n)).as("reachable after %s", assignment)
                    .isEqualTo(best + silent >= needed);
        }
    }

    @Test
    void theVouchedEpochIsOneThatACorrectReplicaReported() {
        ReplyQuorum ordered = new ReplyQuorum();
        ordered.add(0, reply(0, ReplyStatus.OK, "x", 3, SLOT), VOUCH, false);
        Reply agreed = ordered.add(1, reply(1, ReplyStatus.OK, "x", 3, SLOT), VOUCH, false);
        ordered.add(2, reply(2, ReplyStatus.OK, "x", 9, SLOT), VOUCH, false);
        assertThat(ordered.vouchedEpoch(agreed, VOUCH, false)).as("the faulty epoch 9 matches nothing").isEqualTo(3);

        // Query answers match whatever epoch they carry: a lone high epoch (a faulty replica)
        // is not vouched for, the second highest is.
        ReplyQuorum query = new ReplyQuorum();
        query.add(0, reply(0, ReplyStatus.OK, "x", 1000, 1), AGREEMENT, true);
        query.add(1, reply(1, ReplyStatus.OK, "x", 4, 2), AGREEMENT, true);
        Reply answered = query.add(2, reply(2, ReplyStatus.OK, "x", 2, 3), AGREEMENT, true);
        query.add(3, reply(3, ReplyStatus.OK, "other", 5000, 3), AGREEMENT, true);
        assertThat(query.vouchedEpoch(answered, VOUCH, true)).isEqualTo(4);
        assertThat(query.vouchedEpoch(reply(0, ReplyStatus.OK, "unseen", 0, 0), VOUCH, true)).isEqualTo(-1);
    }

    static Stream<Arguments> ensembles() {
        return Stream.of(arguments(4, 1), arguments(5, 1), arguments(7, 2));
    }
}
