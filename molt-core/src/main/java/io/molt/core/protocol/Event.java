package io.molt.core.protocol;

import io.molt.core.crypto.Digest;
import io.molt.core.message.Message;

/** Everything that can happen to a replica's core. Time only ever arrives in a {@link Tick}. */
public sealed interface Event permits Event.FromReplica, Event.FromClient, Event.Tick, Event.SnapshotTaken {

    /**
     * A message from another replica.
     *
     * @param incarnation the epoch whose change introduced the key of the channel it came
     *     over (0 for the keys the ensemble started with): which incarnation of {@code from}
     *     sent it
     * @param keysVersion the {@link ReplicaKeys#version()} of the keys its signatures (if
     *     any) were checked against, or {@link #UNVERIFIED}; the core checks again when its
     *     keys differ
     */
    record FromReplica(int from, long incarnation, Message message, long keysVersion) implements Event {
        /** Signatures not checked yet (no table has this version, or hardly). */
        public static final long UNVERIFIED = Long.MIN_VALUE;

        /** A message from the first incarnation of {@code from}, signatures not checked yet. */
        public FromReplica(int from, Message message) {
            this(from, 0, message, UNVERIFIED);
        }
    }

    /** A message from a client, whose identity the channel authenticated. */
    record FromClient(long clientId, Message message) implements Event {}

    /**
     * Execution took the checkpoint snapshot the core asked for at {@code slot} (through
     * {@link Effects#checkpoint}); {@code digest} is its checkpoint digest.
     */
    record SnapshotTaken(long slot, Digest digest) implements Event {}

    /** The clock advanced; sent periodically. */
    record Tick(long nowMillis) implements Event {}
}
