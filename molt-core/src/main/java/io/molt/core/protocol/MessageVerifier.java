package io.molt.core.protocol;

import io.molt.core.codec.SignedContent;
import io.molt.core.crypto.SignatureVerifier;
import io.molt.core.message.Checkpoint;
import io.molt.core.message.Message;
import io.molt.core.message.NewView;
import io.molt.core.message.ViewState;

/**
 * Checks the signatures a message carries before the core sees it, each with the key that
 * speaks for its signer at the slot the statement is about. The runtime runs this on a
 * parallel stage so the protocol thread never waits for public-key operations; the
 * simulator runs it inline. Messages without signatures pass.
 *
 * <p>The stage checks against the keys the core last published; the event it hands the
 * core names their epoch, and the core checks again when its keys changed in between
 * (around an epoch change only).
 */
public final class MessageVerifier {

    private MessageVerifier() {}

    /** Whether {@code m} needs a signature check at all (so cheap messages can skip the stage). */
    public static boolean carriesSignatures(Message m) {
        return m instanceof ViewState || m instanceof NewView || m instanceof Checkpoint;
    }

    /** True when every signature in {@code m} is valid under {@code keys}. */
    public static boolean verify(Message m, SignatureVerifier keys) {
        if (m instanceof ViewState vs) {
            return verifyState(vs, keys);
        }
        if (m instanceof Checkpoint c) {
            return keys.verify(c.replicaId(), c.slot(), SignedContent.checkpoint(c.slot(), c.replicaId(), c.digest()),
                    c.signature());
        }
        if (m instanceof NewView nv) {
            for (ViewState vs : nv.states()) {
                if (!verifyState(vs, keys)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean verifyState(ViewState vs, SignatureVerifier keys) {
        return keys.verify(vs.replicaId(), vs.slot(), SignedContent.viewState(vs.slot(), vs.view(), vs.replicaId(),
                vs.valTs(), vs.valDigest(), vs.writeSet()), vs.signature());
    }
}
