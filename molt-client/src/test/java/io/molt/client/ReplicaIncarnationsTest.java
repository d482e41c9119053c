package io.molt.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.crypto.CertificateAuthority;
import io.molt.core.crypto.Credentials;
import io.molt.core.crypto.Ed25519Keys;
import io.molt.core.crypto.EpochRange;
import io.molt.core.crypto.Validity;
import io.molt.core.id.PeerId;
import io.molt.core.message.KeyReport;
import io.molt.net.PeerAdmission.Admission;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The client's admission of replica certificates, before and after it learned a refresh. */
class ReplicaIncarnationsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final CertificateAuthority ca = CertificateAuthority.create(validity(), RANDOM);

    private static Validity validity() {
        return Validity.startingNow(Instant.now(), Duration.ofDays(1));
    }

    private X509Certificate certificate(int replica, long incarnation) {
        return issue(PeerId.replica(replica), incarnation).certificate();
    }

    private Credentials issue(PeerId peer, long incarnation) {
        return ca.issueCredentials(peer, incarnation == 0 ? EpochRange.ALL : EpochRange.from(incarnation), validity(),
                RANDOM);
    }

    private static KeyReport.CurrentKey current(X509Certificate certificate, long incarnation) {
        return new KeyReport.CurrentKey(incarnation, Ed25519Keys.rawPublicKey(certificate.getPublicKey()));
    }

    @Test
    void beforeLearningAnythingEveryCertificateOfTheAuthorityIsAdmittedAsItsIncarnation() {
        ReplicaIncarnations incarnations = new ReplicaIncarnations(4);
        assertThat(incarnations.admit(PeerId.replica(1), certificate(1, 0))).isEqualTo(Admission.incarnation(0));
        assertThat(incarnations.admit(PeerId.replica(1), certificate(1, 5))).isEqualTo(Admission.incarnation(5));
        assertThat(incarnations.speaksFor(1, 0)).isTrue();
        assertThat(incarnations.incarnationOf(1)).isEqualTo(-1);
    }

    @Test
    void onceARefreshIsLearnedTheRetiredKeyIsRefusedAndTheCurrentOneAdmitted() {
        ReplicaIncarnations incarnations = new ReplicaIncarnations(4);
        X509Certificate old = certificate(1, 0);
        X509Certificate fresh = certificate(1, 5);
        assertThat(incarnations.learn(1, current(fresh, 5))).isTrue();

        Admission refused = incarnations.admit(PeerId.replica(1), old);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refusal()).contains("incarnation 0").contains("retired").contains("incarnation 5");
        assertThat(incarnations.speaksFor(1, 0)).as("frames of an old connection no longer count").isFalse();
        assertThat(incarnations.admit(PeerId.replica(1), fresh)).isEqualTo(Admission.incarnation(5));

        Admission otherKey = incarnations.admit(PeerId.replica(1), certificate(1, 5));
        assertThat(otherKey.refusal()).as("same incarnation, another key").contains("has another key");
        assertThat(incarnations.admit(PeerId.replica(1), certificate(1, 11))).as("refreshed again since")
                .isEqualTo(Admission.incarnation(11));
        assertThat(incarnations.admit(PeerId.replica(2), certificate(2, 0))).as("other replicas unaffected")
                .isEqualTo(Admission.incarnation(0));
    }

    @Test
    void learningNeverGoesBackAndStrangersAreRefused() {
        ReplicaIncarnations incarnations = new ReplicaIncarnations(4);
        X509Certificate fresh = certificate(3, 7);
        assertThat(incarnations.learn(3, current(fresh, 7))).isTrue();
        assertThat(incarnations.learn(3, current(certificate(3, 2), 2))).isFalse();
        assertThat(incarnations.learn(3, current(certificate(3, 7), 7))).as("same incarnation, another key")
                .isFalse();
        assertThat(incarnations.incarnationOf(3)).isEqualTo(7);
        assertThat(incarnations.admit(PeerId.replica(3), fresh).admitted()).isTrue();

        assertThat(incarnations.admit(PeerId.replica(4), certificate(4, 0)).refusal())
                .contains("not a replica of this ensemble");
        assertThat(incarnations.admit(PeerId.client(9), issue(PeerId.client(9), 0).certificate()).admitted())
                .isFalse();
    }
}
