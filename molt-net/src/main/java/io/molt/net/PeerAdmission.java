package io.molt.net;

import io.molt.core.id.PeerId;
import java.security.cert.X509Certificate;

/**
 * Decides, after the TLS handshake proved a peer holds the key of a certificate our
 * authority issued, whether that certificate may speak for the peer right now, and which
 * incarnation of the peer it is. A replica refuses a retired replica key this way (its
 * certificate is still validly signed; the epoch change revoked it). Called on event-loop
 * threads: must not block.
 */
@FunctionalInterface
public interface PeerAdmission {

    /** Every authenticated peer, as the first incarnation. */
    PeerAdmission ANYONE = (peer, certificate) -> Admission.incarnation(0);

    Admission admit(PeerId peer, X509Certificate certificate);

    /**
     * The verdict: the incarnation (the epoch whose change introduced the certificate's key;
     * 0 for the keys an ensemble starts with), or why the connection is refused.
     */
    record Admission(long incarnation, String refusal) {
        public static Admission incarnation(long incarnation) {
            return new Admission(incarnation, null);
        }

        public static Admission refused(String why) {
            return new Admission(-1, why);
        }

        public boolean admitted() {
            return refusal == null;
        }
    }
}
