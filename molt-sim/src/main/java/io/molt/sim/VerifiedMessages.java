package io.molt.sim;

import io.molt.core.message.Message;
import io.molt.core.protocol.MessageVerifier;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Remembers the outcome of checking a message's signatures. The simulated network hands
 * the same message object to every recipient, and every replica verifies with the same
 * keys, so checking it once is enough; it keeps signature checks from dominating long runs.
 */
final class VerifiedMessages {
    private final Map<Message, Boolean> outcomes = new IdentityHashMap<>();

    boolean verify(Message m, MessageVerifier verifier) {
        if (!MessageVerifier.carriesSignatures(m)) {
            return true;
        }
        return outcomes.computeIfAbsent(m, verifier::verify);
    }
}
