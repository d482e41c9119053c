package io.molt.sim;

import io.molt.core.message.Message;
import io.molt.core.protocol.MessageVerifier;
import io.molt.core.protocol.ReplicaKeys;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers the outcome of checking a message's signatures, by the message's encoding and
 * the version of the keys checked against. Replicas that know the same epoch changes hold
 * the same keys, so identical frames need checking once per version of the keys; it keeps
 * signature checks from dominating long runs.
 */
final class VerifiedMessages {
    private record Checked(ByteBuffer frame, long keysVersion) {}

    private final Map<Checked, Boolean> outcomes = new HashMap<>();

    boolean verify(Message m, ByteBuffer frame, ReplicaKeys keys) {
        if (!MessageVerifier.carriesSignatures(m)) {
            return true;
        }
        return outcomes.computeIfAbsent(new Checked(frame, keys.version()), f -> MessageVerifier.verify(m, keys));
    }
}
