package io.molt.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.codec.SignedContent;
import io.molt.core.config.ProtocolSettings;
import io.molt.core.crypto.Digest;
import io.molt.core.crypto.Ed25519;
import io.molt.core.message.Batch;
import io.molt.core.message.Commit;
import io.molt.core.message.EpochChange;
import io.molt.core.message.Prepare;
import io.molt.core.message.Propose;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.message.ViewState;
import io.molt.core.quorum.Quorums;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One core executes an epoch change: keys, incarnations and the controller's answer. */
class EpochChangeCoreTest {
    private static final Quorums Q4 = new Quorums(4, 1, 0);
    private static final int WINDOW = 8;
    private static final ProtocolSettings SETTINGS = ProtocolSettings.DEFAULTS.withWindow(WINDOW)
            .withTimeouts(100, 200);
    private static final long CONTROLLER = 77;
    private final byte[] authority = Digest.sha256(new byte[] {42}).toBytes();
    private final List<byte[]> privateKeys = new ArrayList<>();
    private final byte[] refreshedKey = Digest.sha256(new byte[] {43}).toBytes();
    private final RecordingEffects out = new RecordingEffects();
    private final ReplicaCore backup;
    private final EpochChange change;

    EpochChangeCoreTest() {
        List<byte[]> publicKeys = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            privateKeys.add(Digest.sha256(new byte[] {(byte) i}).toBytes());
            publicKeys.add(Ed25519.publicKeyOf(privateKeys.get(i)));
        }
        backup = new ReplicaCore(2, Q4, SETTINGS, Ed25519.signer(privateKeys.get(2)), ReplicaKeys.initial(publicKeys),
                0, Ed25519.publicKeyOf(authority));
        List<EpochChange.Refresh> refreshes = List.of(new EpochChange.Refresh(1, Ed25519.publicKeyOf(refreshedKey),
                new byte[] {1}));
        change = new EpochChange(1, Long.MAX_VALUE, refreshes,
                Ed25519.sign(authority, EpochChange.signedContent(1, Long.MAX_VALUE, refreshes)));
    }

    /** Slot 1 (replica 1's) decides a batch carrying the epoch change: epoch 1 starts at slot 1 + W. */
    private void decideEpochChangeInSlotOne() {
        decideInSlotOne(change);
    }

    private void decideInSlotOne(EpochChange carried) {
        Batch batch = Batch.create(1, 0, 1, List.of(), List.of(), List.of(carried));
        backup.onReplicaMessage(1, new Propose(1, 0, batch), out);
        backup.onReplicaMessage(3, new Prepare(1, 0, batch.digest()), out);
        backup.onReplicaMessage(0, new Commit(1, 0, batch.digest()), out);
        backup.onReplicaMessage(3, new Commit(1, 0, batch.digest()), out);
        assertThat(backup.decidedPrefix()).isEqualTo(1);
    }

    @Test
    void theRefreshedReplicasOldIncarnationNoLongerCountsForTheNewEpoch() {
        decideEpochChangeInSlotOne();

        assertThat(out.noticed(Notice.Kind.EPOCH_CHANGE)).isTrue();
        assertThat(backup.keys().epochAt(1 + WINDOW)).isEqualTo(1);
        assertThat(backup.status().suspended()).containsExactly(1);

        out.notices.clear();
        backup.step(new Event.FromReplica(1, 0, new Prepare(1 + WINDOW, 0, Digest.ZERO), Event.FromReplica.UNVERIFIED),
                out);
        assertThat(out.noticed(Notice.Kind.INVALID_MESSAGE)).as("old key, new epoch's slot").isTrue();

        out.notices.clear();
        backup.step(new Event.FromReplica(1, 1, new Prepare(WINDOW, 0, Digest.ZERO), Event.FromReplica.UNVERIFIED),
                out);
        assertThat(out.noticed(Notice.Kind.INVALID_MESSAGE)).as("new key, old epoch's slot").isTrue();

        ViewState signedWithRetiredKey = new ViewState(1 + WINDOW, 1, 1, 0, Digest.ZERO, List.of(), null,
                Ed25519.sign(privateKeys.get(1), SignedContent.viewState(1 + WINDOW, 1, 1, 0, Digest.ZERO, List.of())));
        assertThat(MessageVerifier.verify(signedWithRetiredKey, backup.keys())).isFalse();
        ViewState signedWithNewKey = new ViewState(1 + WINDOW, 1, 1, 0, Digest.ZERO, List.of(), null,
                Ed25519.sign(refreshedKey, SignedContent.viewState(1 + WINDOW, 1, 1, 0, Digest.ZERO, List.of())));
        assertThat(MessageVerifier.verify(signedWithNewKey, backup.keys())).isTrue();
    }

    @Test
    void theControllerHearsOnceTheEpochIsInEffect() {
        decideEpochChangeInSlotOne();
        // The controller's copy arrives (again) after another proposer ordered it.
        backup.onClientMessage(CONTROLLER, change, out);
        assertThat(repliesToController()).as("slots before the epoch's first are still open").isEmpty();

        // The others fill their slots before the epoch's first slot at once; decide 2..8.
        for (long s = 2; s <= WINDOW; s++) {
            int proposer = (int) (s % 4);
            Batch empty = Batch.empty(s, 0, proposer);
            if (proposer != 2) {
                backup.onReplicaMessage(proposer, new Propose(s, 0, empty), out);
            }
            for (int voter : new int[] {0, 1, 3}) {
                if (voter != proposer) {
                    backup.onReplicaMessage(voter, new Prepare(s, 0, empty.digest()), out);
                }
                backup.onReplicaMessage(voter, new Commit(s, 0, empty.digest()), out);
            }
        }

        assertThat(backup.decidedPrefix()).isEqualTo(WINDOW);
        assertThat(repliesToController()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ReplyStatus.OK);
            assertThat(r.seq()).isEqualTo(1);
            assertThat(r.epoch()).isEqualTo(1);
            assertThat(r.slot()).isEqualTo(1 + WINDOW);
        });
    }

    @Test
    void aForgedEpochChangeIsRefusedOnArrivalAndIgnoredInABatch() {
        List<EpochChange.Refresh> refreshes = change.refreshes();
        EpochChange forged = new EpochChange(1, Long.MAX_VALUE, refreshes,
                Ed25519.sign(privateKeys.get(3), EpochChange.signedContent(1, Long.MAX_VALUE, refreshes)));

        backup.onClientMessage(CONTROLLER, forged, out);
        assertThat(repliesToController()).singleElement().extracting(Reply::status).isEqualTo(ReplyStatus.REJECTED);

        decideInSlotOne(forged);

        assertThat(out.noticed(Notice.Kind.INVALID_EPOCH_CHANGE)).isTrue();
        assertThat(backup.keys().latestEpoch()).isZero();
        assertThat(backup.status().suspended()).isEmpty();
    }

    private List<Reply> repliesToController() {
        List<Reply> replies = new ArrayList<>();
        for (RecordingEffects.Sent s : out.toClients) {
            if (s.message() instanceof Reply r && r.clientId() == CONTROLLER) {
                replies.add(r);
            }
        }
        return replies;
    }
}
