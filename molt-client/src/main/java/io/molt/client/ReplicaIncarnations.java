package io.molt.client;

import io.molt.core.crypto.Ed25519Keys;
import io.molt.core.crypto.EpochsExtension;
import io.molt.core.id.PeerId;
import io.molt.core.message.KeyReport;
import io.molt.net.PeerAdmission;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What a client knows about which key speaks for each replica, and the admission rule it
 * applies to the certificates replicas present. Until it learns anything about a replica,
 * any certificate our authority issued for it is admitted; once it has learned that
 * incarnation {@code e} with key {@code K} is current, a certificate for an earlier
 * incarnation is refused (the refreshed replica's old key, which an attacker who took the
 * old incarnation may hold), and so is one for incarnation {@code e} with another key. A
 * later incarnation is admitted: the replica may have been refreshed since.
 *
 * <p>The incarnation of a certificate is the first epoch it covers (the controller issues
 * a refreshed replica's certificate from the epoch whose change introduces it). Thread-safe;
 * admission runs on event loops and reads one array element.
 */
final class ReplicaIncarnations implements PeerAdmission {
    private final AtomicReferenceArray<KeyReport.CurrentKey> current;

    ReplicaIncarnations(int replicas) {
        this.current = new AtomicReferenceArray<>(replicas);
    }

    @Override
    public Admission admit(PeerId peer, X509Certificate certificate) {
        if (!(peer instanceof PeerId.Replica replica) || replica.id() >= current.length()) {
            return Admission.refused(peer + " is not a replica of this ensemble");
        }
        long incarnation;
        byte[] key;
        try {
            incarnation = EpochsExtension.read(certificate).first();
            key = Ed25519Keys.rawPublicKey(certificate.getPublicKey());
        } catch (CertificateParsingException | IllegalArgumentException e) {
            return Admission.refused(e.getMessage());
        }
        KeyReport.CurrentKey known = current.get(replica.id());
        if (known == null || incarnation > known.incarnation()) {
            return Admission.incarnation(incarnation);
        }
        if (incarnation < known.incarnation()) {
            return Admission.refused("its key (incarnation " + incarnation + ") was retired: incarnation "
                    + known.incarnation() + " speaks for " + peer);
        }
        return known.hasKey(key) ? Admission.incarnation(incarnation)
                : Admission.refused("incarnation " + incarnation + " of " + peer + " has another key");
    }

    /** Whether what {@code replica}'s incarnation {@code incarnation} says still counts. */
    boolean speaksFor(int replica, long incarnation) {
        KeyReport.CurrentKey known = replica >= 0 && replica < current.length() ? current.get(replica) : null;
        return known == null || incarnation >= known.incarnation();
    }

    /**
     * Records that {@code key} is current for {@code replica}; returns false, changing
     * nothing, unless it is a later incarnation than the one known.
     */
    boolean learn(int replica, KeyReport.CurrentKey key) {
        while (true) {
            KeyReport.CurrentKey known = current.get(replica);
            if (known != null && key.incarnation() <= known.incarnation()) {
                return false;
            }
            if (current.compareAndSet(replica, known, key)) {
                return true;
            }
        }
    }

    /** The incarnation known to speak for {@code replica}, or -1 before anything was learned. */
    long incarnationOf(int replica) {
        KeyReport.CurrentKey known = current.get(replica);
        return known == null ? -1 : known.incarnation();
    }

    int replicas() {
        return current.length();
    }
}
