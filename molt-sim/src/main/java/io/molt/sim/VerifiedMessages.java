package io.molt.sim;

import io.molt.core.message.Message;
import io.molt.core.protocol.MessageVerifier;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers the outcome of checking a message's signatures, by the message's encoding.
 * Every replica verifies with the same keys, so identical frames need checking once; it
 * keeps signature checks from dominating long runs.
 */
final class VerifiedMessages {
    private final Map<ByteBuffer, Boolean> outcomes = new HashMap<>();

    boolean verify(Message m, ByteBuffer frame, MessageVerifier verifier) {
        if (!MessageVerifier.carriesSignatures(m)) {
            return true;
        }
        return outcomes.computeIfAbsent(frame, f -> verifier.verify(m));
    }
}
