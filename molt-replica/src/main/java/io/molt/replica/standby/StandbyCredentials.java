package io.molt.replica.standby;

import io.molt.core.crypto.CertificateInfo;
import io.molt.core.crypto.Credentials;
import io.molt.core.crypto.Ed25519Keys;
import io.molt.core.id.PeerId;
import io.molt.core.keys.KeyDirectory;
import io.molt.core.protocol.ReplicaKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/** Checks a standby's kit before it is used: right replica, right authority, matching key. */
public final class StandbyCredentials {
    private StandbyCredentials() {}

    /**
     * The credentials in {@code kit} for replica {@code id}, once its certificate is shown to
     * name that replica, to be issued by the deployment's authority ({@code ca.crt} in
     * {@code keysDir}, the only file a standby reads there) and to match the key.
     */
    public static Credentials check(StandbyChannel.Kit kit, int id, Path keysDir) throws IOException {
        X509Certificate authority = KeyDirectory.loadAuthorityCertificate(keysDir);
        CertificateInfo info;
        try {
            info = CertificateInfo.of(kit.certificate());
            info.verifyIssuedBy(authority);
        } catch (CertificateException e) {
            throw new IOException("the certificate is not one of this deployment's: " + e.getMessage(), e);
        }
        if (!PeerId.replica(id).equals(info.peer())) {
            throw new IOException("the certificate is for " + info.peer() + ", not replica " + id);
        }
        if (!Ed25519Keys.matches(kit.privateKey(), kit.certificate().getPublicKey())) {
            throw new IOException("the key does not belong to the certificate");
        }
        return new Credentials(PeerId.replica(id), kit.privateKey(), kit.certificate(), authority);
    }

    /**
     * Checks the key table of an activation against the standby's credentials: the table
     * must hold the standby's key as the incarnation of replica {@code id} that its
     * certificate's first epoch introduced. A table without it would leave the standby
     * speaking with a key its peers refuse.
     */
    public static void checkActivation(ReplicaKeys keys, int id, Credentials credentials) throws IOException {
        byte[] own = Ed25519Keys.rawPublicKey(credentials.certificate().getPublicKey());
        long incarnation = keys.incarnationOf(id, own);
        long expected;
        try {
            expected = io.molt.core.crypto.EpochsExtension.read(credentials.certificate()).first();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new IOException("the standby's certificate cannot be read: " + e.getMessage(), e);
        }
        if (incarnation < 0) {
            throw new IOException("the key table (epoch " + keys.latestEpoch() + ") does not hold this standby's key"
                    + " for replica " + id);
        }
        if (incarnation != expected) {
            throw new IOException("the key table holds this standby's key as incarnation " + incarnation
                    + " of replica " + id + ", but its certificate starts at epoch " + expected);
        }
    }
}
