package io.molt.net;

import io.molt.core.crypto.CertificateAuthority;
import io.molt.core.crypto.Credentials;
import io.molt.core.crypto.EpochRange;
import io.molt.core.crypto.Validity;
import io.molt.core.id.PeerId;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** One certificate authority and the credentials it issues, for tests. */
final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CertificateAuthority ca =
            CertificateAuthority.create(Validity.startingNow(Instant.now(), Duration.ofDays(1)), RANDOM);

    X509Certificate authority() {
        return ca.certificate();
    }

    Credentials replica(int id) {
        return issue(PeerId.replica(id));
    }

    Credentials client(long id) {
        return issue(PeerId.client(id));
    }

    Credentials issue(PeerId peer) {
        return ca.issueCredentials(peer, EpochRange.ALL, Validity.startingNow(Instant.now(), Duration.ofDays(1)),
                RANDOM);
    }
}
