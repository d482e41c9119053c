package io.molt.core.protocol;

import io.molt.core.crypto.Digest;
import io.molt.core.message.Message;

/** Everything that can happen to a replica's core. Time only ever arrives in a {@link Tick}. */
public sealed interface Event permits Event.FromReplica, Event.FromClient, Event.Tick, Event.SnapshotTaken {

    /** A message from another replica, its signatures (if any) already verified. */
    record FromReplica(int from, Message message) implements Event {}

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
