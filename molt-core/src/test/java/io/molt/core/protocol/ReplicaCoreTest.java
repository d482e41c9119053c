package io.molt.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.core.codec.SignedContent;
import io.molt.core.config.ProtocolSettings;
import io.molt.core.crypto.Digest;
import io.molt.core.crypto.Ed25519;
import io.molt.core.crypto.ReplicaKeyRing;
import io.molt.core.message.Batch;
import io.molt.core.message.Commit;
import io.molt.core.message.Prepare;
import io.molt.core.message.Propose;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.message.Request;
import io.molt.core.message.ViewState;
import io.molt.core.quorum.Quorums;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One core driven by hand: the normal case step by step, and refusals of bad input. */
class ReplicaCoreTest {
    private static final Quorums Q4 = new Quorums(4, 1, 0);
    private static final ProtocolSettings SETTINGS = ProtocolSettings.DEFAULTS.withWindow(8).withTimeouts(100, 200);
    private final List<byte[]> privateKeys = new ArrayList<>();
    private ReplicaKeyRing keys;
    private final RecordingEffects out = new RecordingEffects();

    @BeforeEach
    void setUp() {
        List<byte[]> publicKeys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] key = Digest.sha256(new byte[] {(byte) i}).toBytes();
            privateKeys.add(key);
            publicKeys.add(Ed25519.publicKeyOf(key));
        }
        keys = new ReplicaKeyRing(publicKeys);
    }

    private ReplicaCore core(int id, Quorums quorums) {
        return new ReplicaCore(id, quorums, SETTINGS, Ed25519.signer(privateKeys.get(id)), keys);
    }

    private static Request request(long client, long seq) {
        return new Request(client, seq, false, new byte[] {1, 2, 3});
    }

    @Test
    void aSingleReplicaOrdersARequestAtOnce() {
        ReplicaCore solo = new ReplicaCore(0, new Quorums(1, 0, 0), SETTINGS, Ed25519.signer(privateKeys.get(0)),
                new ReplicaKeyRing(List.of(Ed25519.publicKeyOf(privateKeys.get(0)))));
        solo.onClientMessage(5, request(5, 1), out);
        assertThat(out.delivered).hasSize(1);
        assertThat(out.delivered.get(0).slot()).isEqualTo(1);
        assertThat(out.delivered.get(0).batch().requests()).containsExactly(request(5, 1));
        assertThat(solo.decidedPrefix()).isEqualTo(1);
    }

    @Test
    void theNormalCaseFromABackupsPointOfView() {
        ReplicaCore backup = core(2, Q4);
        // Slot 1 belongs to replica 1. Its proposal arrives before the client's own copy.
        Batch batch = Batch.create(1, 0, 1, List.of(request(9, 1)), List.of());
        backup.onReplicaMessage(1, new Propose(1, 0, batch), out);
        assertThat(out.broadcasts(Prepare.class)).as("no prepare before the request is authenticated").isEmpty();

        backup.onClientMessage(9, request(9, 1), out);
        assertThat(out.broadcasts(Prepare.class)).containsExactly(new Prepare(1, 0, batch.digest()));

        // Prepares from replica 3 (replica 1's proposal counts as its prepare): a quorum of 3.
        backup.onReplicaMessage(3, new Prepare(1, 0, batch.digest()), out);
        assertThat(out.broadcasts(Commit.class)).containsExactly(new Commit(1, 0, batch.digest()));

        backup.onReplicaMessage(0, new Commit(1, 0, batch.digest()), out);
        assertThat(out.delivered).isEmpty();
        backup.onReplicaMessage(3, new Commit(1, 0, batch.digest()), out);
        assertThat(out.delivered).extracting(RecordingEffects.Delivery::slot).containsExactly(1L);
    }

    @Test
    void deliversInSlotOrderWhateverOrderSlotsAreDecidedIn() {
        ReplicaCore backup = core(0, Q4);
        Batch two = Batch.empty(2, 0, 2);
        Batch one = Batch.empty(1, 0, 1);
        for (int r : new int[] {1, 2, 3}) {
            backup.onReplicaMessage(r, new Commit(2, 0, two.digest()), out);
        }
        backup.onReplicaMessage(2, new Propose(2, 0, two), out);
        assertThat(out.delivered).isEmpty();
        backup.onReplicaMessage(1, new Propose(1, 0, one), out);
        for (int r : new int[] {1, 2, 3}) {
            backup.onReplicaMessage(r, new Commit(1, 0, one.digest()), out);
        }
        assertThat(out.delivered).extracting(RecordingEffects.Delivery::slot).containsExactly(1L, 2L);
    }

    @Test
    void theProposerOfASlotProposesItsClientsRequests() {
        ReplicaCore proposer = core(1, Q4);
        proposer.onClientMessage(9, request(9, 1), out);
        proposer.onClientMessage(9, request(9, 2), out);
        List<Propose> proposals = out.broadcasts(Propose.class);
        assertThat(proposals).isNotEmpty();
        assertThat(proposals.get(0).slot() % 4).as("replica 1 proposes its own slots").isEqualTo(1);
        assertThat(proposals.stream().flatMap(p -> p.batch().requests().stream()))
                .as("every request proposed by someone, here or by its own proposer")
                .isSubsetOf(request(9, 1), request(9, 2));
    }

    @Test
    void aProposalFromAnotherReplicaThanTheSlotsProposerIsIgnored() {
        ReplicaCore backup = core(0, Q4);
        backup.onClientMessage(9, request(9, 1), out);
        out.clear();
        Batch forged = Batch.create(1, 0, 3, List.of(request(9, 1)), List.of());
        backup.onReplicaMessage(3, new Propose(1, 0, forged), out);
        assertThat(out.broadcasts(Prepare.class)).isEmpty();
        assertThat(out.noticed(Notice.Kind.INVALID_MESSAGE)).isTrue();
    }

    @Test
    void aSecondDifferentProposalForOneSlotIsReportedAsEquivocation() {
        ReplicaCore backup = core(0, Q4);
        backup.onReplicaMessage(1, new Propose(1, 0, Batch.empty(1, 0, 1)), out);
        backup.onReplicaMessage(1, new Propose(1, 0, Batch.create(1, 0, 1, List.of(request(4, 4)), List.of())), out);
        assertThat(out.noticed(Notice.Kind.EQUIVOCATION)).isTrue();
        assertThat(out.broadcasts(Prepare.class)).hasSize(1);
    }

    private Propose signed(int proposer, Batch b) {
        return new Propose(b.slot(), 0, b, Ed25519.signer(privateKeys.get(proposer))
                .sign(SignedContent.proposal(b.slot(), 0, proposer, b.digest())));
    }

    @Test
    void anEquivocatingProposerIsProvenFaultyByTheProposalAPeerForwards() {
        ReplicaCore backup = core(0, Q4);
        Batch mine = Batch.empty(1, 0, 1);
        Batch theirs = Batch.create(1, 0, 1, List.of(request(4, 4)), List.of());
        backup.onReplicaMessage(1, signed(1, mine), out);
        // Replica 2 prepared another batch: it is shown ours, once.
        backup.onReplicaMessage(2, new Prepare(1, 0, theirs.digest()), out);
        backup.onReplicaMessage(2, new Prepare(1, 0, theirs.digest()), out);
        assertThat(out.sent).filteredOn(s -> s.to() == 2 && s.message() instanceof Propose)
                .extracting(RecordingEffects.Sent::message).containsExactly(signed(1, mine));
        assertThat(out.evidence).isEmpty();

        // Replica 2 shows us the one it got: signed by replica 1 too.
        backup.onReplicaMessage(2, signed(1, theirs), out);
        assertThat(out.evidence).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Evidence.Kind.EQUIVOCATING_PROPOSALS);
            assertThat(e.culprit()).isEqualTo(1);
            assertThat(e.proof()).containsExactly(signed(1, mine), signed(1, theirs));
        });
        assertThat(backup.evidenceCount()).isEqualTo(1);
    }

    @Test
    void unsignedOrForgedProposalsProveNothing() {
        ReplicaCore backup = core(0, Q4);
        Batch mine = Batch.empty(1, 0, 1);
        Batch theirs = Batch.create(1, 0, 1, List.of(request(4, 4)), List.of());
        backup.onReplicaMessage(1, signed(1, mine), out);
        backup.onReplicaMessage(2, new Propose(1, 0, theirs), out);
        // Signed by replica 2 in replica 1's name: not replica 1's signature.
        backup.onReplicaMessage(3, new Propose(1, 0, theirs, Ed25519.signer(privateKeys.get(2))
                .sign(SignedContent.proposal(1, 0, 1, theirs.digest()))), out);
        assertThat(out.evidence).isEmpty();
    }

    @Test
    void aSignedProposalThatRepeatsARequestIsEvidence() {
        ReplicaCore backup = core(0, Q4);
        Batch twice = Batch.create(1, 0, 1, List.of(request(4, 4), request(4, 4)), List.of());
        backup.onReplicaMessage(1, signed(1, twice), out);
        assertThat(out.broadcasts(Prepare.class)).isEmpty();
        assertThat(out.evidence).singleElement().extracting(Evidence::kind).isEqualTo(Evidence.Kind.INVALID_PROPOSAL);
    }

    @Test
    void aClientCannotHoldMoreThanItsWindowInThePoolButOthersStillGetIn() {
        ProtocolSettings narrow = new ProtocolSettings(8, 2, 1024, 1 << 20, 100, 200, 4, 1000, 4096, 256, 2048,
                1 << 20);
        // Replica 0 is a backup for these requests (slot proposers are elsewhere) and holds them.
        ReplicaCore backup = new ReplicaCore(0, Q4, narrow, Ed25519.signer(privateKeys.get(0)), keys);
        for (long seq = 1; seq <= 10; seq++) {
            backup.onClientMessage(9, request(9, seq), out);
        }
        List<Reply> refusals = out.toClients.stream().map(s -> (Reply) s.message())
                .filter(r -> r.status() == ReplyStatus.BUSY).toList();
        assertThat(refusals).as("requests beyond the window of 4, minus those proposed at once").isNotEmpty();
        assertThat(new String(refusals.get(0).result())).contains("client 9").contains("window");
        out.clear();
        backup.onClientMessage(10, request(10, 1), out);
        assertThat(out.toClients).as("another client is not refused").isEmpty();
    }

    @Test
    void aRequestUnderAnotherClientsNameIsRefused() {
        ReplicaCore replica = core(0, Q4);
        replica.onClientMessage(9, request(10, 1), out);
        assertThat(out.toClients).hasSize(1);
        Reply reply = (Reply) out.toClients.get(0).message();
        assertThat(reply.status()).isEqualTo(ReplyStatus.REJECTED);
        assertThat(new String(reply.result())).contains("client 10").contains("client 9");
        assertThat(out.broadcasts(Propose.class)).isEmpty();
    }

    @Test
    void aQueryWaitsForEverySlotThisReplicaVotedToCommit() {
        ReplicaCore backup = core(2, Q4);
        Batch batch = Batch.empty(1, 0, 1);
        backup.onReplicaMessage(1, new Propose(1, 0, batch), out);
        backup.onReplicaMessage(3, new Prepare(1, 0, batch.digest()), out);
        assertThat(out.broadcasts(Commit.class)).hasSize(1);
        backup.onClientMessage(9, new Request(9, 5, true, new byte[] {2}), out);
        assertThat(out.queries).hasSize(1);
        assertThat(out.queries.get(0).minExecutedSlot()).isEqualTo(1);
    }

    @Test
    void aSlotThatIsNotDecidedInTimeMovesToTheNextViewWithASignedState() {
        ReplicaCore backup = core(2, Q4);
        backup.onTick(0, out);
        Batch batch = Batch.empty(1, 0, 1);
        backup.onReplicaMessage(1, new Propose(1, 0, batch), out);
        backup.onTick(50, out);
        assertThat(out.broadcasts(ViewState.class)).isEmpty();
        backup.onTick(150, out);
        List<ViewState> states = out.broadcasts(ViewState.class);
        // Slot 1 timed out; the other open slot of its proposer (5, in a window of 8) moves along.
        assertThat(states).extracting(ViewState::slot).containsExactly(1L, 5L);
        ViewState vs = states.get(0);
        assertThat(vs.slot()).isEqualTo(1);
        assertThat(vs.view()).isEqualTo(1);
        assertThat(vs.writeSet()).extracting(w -> w.digest()).containsExactly(batch.digest());
        assertThat(keys.verify(2, vs.slot(), SignedContent.viewState(vs.slot(), vs.view(), 2, vs.valTs(), vs.valDigest(),
                vs.writeSet()), vs.signature())).isTrue();
        assertThat(out.noticed(Notice.Kind.VIEW_CHANGE)).isTrue();
    }

    @Test
    void aReplicaRecoveredFromItsVoteRecordsDoesNotContradictWhatItSent() throws Exception {
        ReplicaCore before = core(2, Q4);
        Batch batch = Batch.create(1, 0, 1, List.of(request(9, 1)), List.of());
        before.onClientMessage(9, request(9, 1), out);
        before.onReplicaMessage(1, new Propose(1, 0, batch), out);
        before.onReplicaMessage(3, new Prepare(1, 0, batch.digest()), out);
        assertThat(out.broadcasts(Commit.class)).containsExactly(new Commit(1, 0, batch.digest()));
        // What it sent is what it persisted: the latest record of slot 1 says it committed.
        VoteRecord last = out.persisted.get(out.persisted.size() - 1);
        assertThat(last.slot()).isEqualTo(1);
        assertThat(last.committedView()).isEqualTo(0);
        assertThat(last.valBatch()).isEqualTo(batch);
        io.molt.core.codec.WireWriter w = new io.molt.core.codec.WireWriter(256);
        io.molt.core.codec.MessageCodec codec = new io.molt.core.codec.MessageCodec(
                io.molt.core.codec.CodecLimits.DEFAULT);
        last.writeTo(w, codec);
        VoteRecord read = VoteRecord.readFrom(new io.molt.core.codec.WireReader(w.toByteArray()), codec, 1 << 20);
        assertThat(read).isEqualTo(last);

        // Crash; a new incarnation recovers from the records alone.
        RecordingEffects after = new RecordingEffects();
        ReplicaCore recovered = core(2, Q4);
        recovered.recover(null, List.of(), List.of(read), 1000, after);
        assertThat(after.noticed(Notice.Kind.RECOVERED)).isTrue();
        // Another view-0 proposal for slot 1 gets no prepare: it already prepared in view 0.
        Batch other = Batch.create(1, 0, 1, List.of(), List.of());
        recovered.onReplicaMessage(1, new Propose(1, 0, other), after);
        assertThat(after.broadcasts(Prepare.class)).isEmpty();
        // Its own commit still counts: two more commits decide the slot with the batch it kept.
        recovered.onReplicaMessage(0, new Commit(1, 0, batch.digest()), after);
        recovered.onReplicaMessage(3, new Commit(1, 0, batch.digest()), after);
        assertThat(after.delivered).extracting(RecordingEffects.Delivery::batch).containsExactly(batch);
    }

    @Test
    void aViewChangeAfterRecoveryReportsTheCommittedValue() {
        Batch batch = Batch.create(1, 0, 1, List.of(request(9, 1)), List.of());
        VoteRecord committed = new VoteRecord(1, 0, 0, 0, 1, batch.digest(), batch,
                List.of(new io.molt.core.message.WriteEntry(1, batch.digest())), -1, null);
        ReplicaCore recovered = core(2, Q4);
        recovered.recover(null, List.of(), List.of(committed), 0, out);
        recovered.onTick(10_000, out);
        List<ViewState> states = out.broadcasts(ViewState.class);
        assertThat(states).filteredOn(v -> v.slot() == 1).singleElement().satisfies(v -> {
            assertThat(v.valTs()).isEqualTo(1);
            assertThat(v.valDigest()).isEqualTo(batch.digest());
            assertThat(v.valBatch()).isEqualTo(batch);
        });
    }

    @Test
    void recoveryRefusesALogWithAGapAndComesBeforeAnyOtherEvent() {
        ReplicaCore fresh = core(2, Q4);
        assertThatThrownBy(() -> fresh.recover(null, List.of(Batch.empty(2, 0, 2)), List.of(), 0, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slot 2, not 1");
        ReplicaCore running = core(2, Q4);
        running.onReplicaMessage(1, new Propose(1, 0, Batch.empty(1, 0, 1)), out);
        assertThatThrownBy(() -> running.recover(null, List.of(), List.of(), 0, out))
                .isInstanceOf(IllegalStateException.class);
    }
}
