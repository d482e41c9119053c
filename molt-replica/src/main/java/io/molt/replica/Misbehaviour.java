package io.molt.replica;

import io.molt.core.codec.SignedContent;
import io.molt.core.crypto.Digest;
import io.molt.core.crypto.Signer;
import io.molt.core.message.Batch;
import io.molt.core.message.Checkpoint;
import io.molt.core.message.Message;
import io.molt.core.message.Propose;
import io.molt.core.message.RejoinRequest;
import io.molt.core.message.Reply;
import io.molt.core.message.SnapshotChunk;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fault injection for demonstrations and tests: how a replica deliberately breaks the
 * protocol, to show that the others shrug it off. A correct replica runs with
 * {@link Mode#NONE}; nothing here is reachable from a configuration file.
 */
public final class Misbehaviour {

    public enum Mode {
        /** Follows the protocol. */
        NONE,
        /** As proposer, sends half of its peers a different (signed) batch for each slot. */
        EQUIVOCATE,
        /** Sends nothing at all, to replicas or clients. */
        SILENT,
        /** Sends its proposals late ({@link #SLOW_PROPOSAL_MILLIS}), but before others give up on it. */
        SLOW,
        /** Answers clients with wrong results. */
        CORRUPT_REPLIES,
        /** Signs wrong checkpoint digests for half of its peers and serves corrupted snapshot chunks. */
        BAD_CHECKPOINT;

        /** Parses {@code equivocate}, {@code bad-checkpoint} and so on. */
        public static Mode parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown misbehaviour '" + text + "' (expected one of "
                        + "equivocate, silent, slow, corrupt-replies, bad-checkpoint)");
            }
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How late a slow proposer sends its proposals. */
    static final long SLOW_PROPOSAL_MILLIS = 150;

    private final Mode mode;
    private final int me;
    private final Signer signer;

    Misbehaviour(Mode mode, int me, Signer signer) {
        this.mode = mode;
        this.me = me;
        this.signer = signer;
    }

    Mode mode() {
        return mode;
    }

    boolean isSilent() {
        return mode == Mode.SILENT;
    }

    /** How long to hold {@code m} back before sending it, in milliseconds (0: at once). */
    long delayOf(Message m) {
        return mode == Mode.SLOW && m instanceof Propose ? SLOW_PROPOSAL_MILLIS : 0;
    }

    /** What this replica sends {@code to} a peer instead of {@code m}. */
    Message toReplica(int to, Message m) {
        boolean lieToThisOne = to % 2 == 1;
        if (mode == Mode.EQUIVOCATE && lieToThisOne && m instanceof Propose p) {
            Batch b = p.batch();
            Batch other = b.requests().isEmpty()
                    ? Batch.create(b.slot(), b.view(), b.proposer(), List.of(),
                            List.of(new RejoinRequest(me, 0, new byte[64])))
                    : Batch.create(b.slot(), b.view(), b.proposer(), b.requests().subList(0, b.requests().size() - 1),
                            b.rejoins());
            return new Propose(p.slot(), p.view(), other,
                    signer.sign(SignedContent.proposal(p.slot(), p.view(), me, other.digest())));
        }
        if (mode == Mode.BAD_CHECKPOINT && lieToThisOne && m instanceof Checkpoint c) {
            Digest wrong = Digest.sha256(c.digest().toBytes());
            return new Checkpoint(c.slot(), me, wrong, signer.sign(SignedContent.checkpoint(c.slot(), me, wrong)));
        }
        if (mode == Mode.BAD_CHECKPOINT && m instanceof SnapshotChunk chunk && chunk.data().length > 0) {
            byte[] bad = chunk.data().clone();
            bad[ThreadLocalRandom.current().nextInt(bad.length)] ^= 1;
            return new SnapshotChunk(chunk.slot(), chunk.index(), bad);
        }
        return m;
    }

    /** What this replica answers a client instead of {@code reply}. */
    Reply toClient(Reply reply) {
        if (mode != Mode.CORRUPT_REPLIES) {
            return reply;
        }
        byte[] wrong = reply.result().clone();
        if (wrong.length == 0) {
            wrong = new byte[] {42};
        } else {
            wrong[0] ^= 0x55;
        }
        return new Reply(reply.replicaId(), reply.clientId(), reply.seq(), reply.epoch(), reply.slot(), reply.status(),
                wrong);
    }
}
