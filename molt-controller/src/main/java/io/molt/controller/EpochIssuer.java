package io.molt.controller;

import io.molt.core.crypto.CertificateAuthority;
import io.molt.core.crypto.Ed25519;
import io.molt.core.crypto.Ed25519Keys;
import io.molt.core.crypto.EpochRange;
import io.molt.core.crypto.Signer;
import io.molt.core.crypto.Validity;
import io.molt.core.id.PeerId;
import io.molt.core.message.EpochChange;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What only the controller can do, because only it holds the authority's key: issue a
 * refreshed replica's key and certificate, and sign the epoch change that introduces them.
 */
final class EpochIssuer {
    /** How long an issued certificate is valid. */
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(30);

    /** A refreshed replica's fresh key and certificate, covering its epochs from {@code epoch} on. */
    record Issued(int replica, long epoch, byte[] rawPrivateKey, X509Certificate certificate) {}

    private final CertificateAuthority authority;
    private final Signer signer;
    private final SecureRandom random = new SecureRandom();

    EpochIssuer(CertificateAuthority authority) {
        this.authority = authority;
        this.signer = Ed25519.signer(Ed25519Keys.rawPrivateKey(authority.privateKey()));
    }

    Issued issue(int replica, long epoch) {
        byte[] key = Ed25519.generatePrivateKey(random);
        X509Certificate certificate = authority.issue(PeerId.replica(replica),
                Ed25519Keys.publicKey(Ed25519.publicKeyOf(key)), EpochRange.from(epoch),
                Validity.startingNow(Instant.now(), CERTIFICATE_VALIDITY), random);
        return new Issued(replica, epoch, key, certificate);
    }

    /** The signed epoch change for {@code issued}, valid until {@code notAfterMillis} (wall clock). */
    EpochChange change(Issued issued, long notAfterMillis) {
        byte[] der;
        try {
            der = issued.certificate().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate this authority issued cannot be encoded", e);
        }
        List<EpochChange.Refresh> refreshes = List.of(new EpochChange.Refresh(issued.replica(),
                Ed25519.publicKeyOf(issued.rawPrivateKey()), der));
        return new EpochChange(issued.epoch(), notAfterMillis, refreshes,
                signer.sign(EpochChange.signedContent(issued.epoch(), notAfterMillis, refreshes)));
    }
}
