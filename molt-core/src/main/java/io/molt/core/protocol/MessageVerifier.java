package io.molt.core.protocol;

import io.molt.core.codec.SignedContent;
import io.molt.core.crypto.SignatureVerifier;
import io.molt.core.message.Checkpoint;
import io.molt.core.message.Message;
import io.molt.core.message.NewView;
import io.molt.core.message.ViewState;

/**
 * Checks the signatures a message carries before the core sees it. The runtime runs this
 * on a parallel stage so the protocol thread never waits for public-key operations; the
 * simulator runs it inline. Messages without signatures pass.
 */
public final class MessageVerifier {
    private final SignatureVerifier verifier;

    public MessageVerifier(SignatureVerifier verifier) {
        this.verifier = verifier;
    }

    /** Whether {@code m} needs a signature check at all (so cheap messages can skip the stage). */
    public static boolean carriesSignatures(Message m) {
        return m instanceof ViewState || m instanceof NewView || m instanceof Checkpoint;
    }

    /** True when every signature in {@code m} is valid. */
    public boolean verify(Message m) {
        if (m instanceof ViewState vs) {
            return verifyState(vs);
        }
        if (m instanceof Checkpoint c) {
            return verifier.verify(c.replicaId(), SignedContent.checkpoint(c.slot(), c.replicaId(), c.digest()),
                    c.signature());
        }
        if (m instanceof NewView nv) {
            for (ViewState vs : nv.states()) {
                if (!verifyState(vs)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean verifyState(ViewState vs) {
        return verifier.verify(vs.replicaId(), SignedContent.viewState(vs.slot(), vs.view(), vs.replicaId(),
                vs.valTs(), vs.valDigest(), vs.writeSet()), vs.signature());
    }
}
