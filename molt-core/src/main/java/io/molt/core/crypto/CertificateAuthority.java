package io.molt.core.crypto;

import io.molt.core.id.PeerId;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcEdECContentSignerBuilder;

/**
 * An Ed25519 certificate authority: a self-signed root ({@code CN=molt-ca}) that issues
 * the certificates replicas and clients present on their TLS channels. Each issued
 * certificate names one {@link PeerId} in its common name and the refresh epochs it
 * covers in the {@link EpochsExtension}.
 *
 * <p>Signing goes through Bouncy Castle's lightweight engine, not a JCA provider: no
 * provider is registered globally and issuance does not pay for the JDK's slow Ed25519.
 */
public final class CertificateAuthority {

    public static final String COMMON_NAME = "molt-ca";

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final X500Name name;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    /** A new authority with a fresh key and a self-signed certificate. */
    public static CertificateAuthority create(Validity validity, SecureRandom random) {
        KeyPair keys = Ed25519Keys.generate(random);
        X500Name name = commonName(COMMON_NAME);
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        X509v3CertificateBuilder builder = builder(name, name, publicKey, validity, random);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new BcX509ExtensionUtils().createSubjectKeyIdentifier(publicKey));
        } catch (CertIOException e) {
            throw new IllegalStateException("encoding a standard extension failed", e);
        }
        return new CertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
    }

    /**
     * The authority that holds {@code privateKey} and is named by {@code certificate}, as
     * loaded from storage.
     *
     * @throws CertificateException when the certificate is not a CA certificate or the key
     *     is not its key
     */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey)
            throws CertificateException {
        if (certificate.getBasicConstraints() < 0) {
            throw new CertificateException(certificate.getSubjectX500Principal() + " is not a CA certificate");
        }
        if (!Ed25519Keys.matches(privateKey, certificate.getPublicKey())) {
            throw new CertificateException("the private key does not belong to "
                    + certificate.getSubjectX500Principal());
        }
        return new CertificateAuthority(certificate, privateKey);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * A certificate for {@code peer}'s key: subject {@code CN=<peer>}, usable for both ends
     * of a TLS connection, covering {@code epochs}.
     */
    public X509Certificate issue(PeerId peer, PublicKey subjectKey, EpochRange epochs, Validity validity,
            SecureRandom random) {
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded());
        X509v3CertificateBuilder builder = builder(name, commonName(peer.commonName()), publicKey, validity, random);
        try {
            BcX509ExtensionUtils extensions = new BcX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(publicKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(
                    SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())));
            builder.addExtension(EpochsExtension.encode(epochs));
        } catch (CertIOException e) {
            throw new IllegalStateException("encoding a standard extension failed", e);
        }
        return sign(builder, privateKey);
    }

    /** A fresh key pair for {@code peer} with its certificate, trusting this authority. */
    public Credentials issueCredentials(PeerId peer, EpochRange epochs, Validity validity, SecureRandom random) {
        KeyPair keys = Ed25519Keys.generate(random);
        X509Certificate issued = issue(peer, keys.getPublic(), epochs, validity, random);
        return new Credentials(peer, keys.getPrivate(), issued, certificate);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, SubjectPublicKeyInfo key,
            Validity validity, SecureRandom random) {
        // 127 random bits under a fixed top bit: positive, never zero, and well within the
        // 20 octets RFC 5280 allows; unpredictable serials are what X.509 asks of a CA.
        BigInteger serial = new BigInteger(127, random).setBit(127);
        return new X509v3CertificateBuilder(issuer, serial, Date.from(validity.notBefore()),
                Date.from(validity.notAfter()), subject, key);
    }

    private static X500Name commonName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        try {
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(Ed25519Keys.rawPrivateKey(issuerKey), 0);
            ContentSigner signer = new BcEdECContentSignerBuilder(Ed25519Keys.ALGORITHM).build(key);
            return toX509(builder.build(signer));
        } catch (OperatorCreationException | CertificateException | IOException e) {
            throw new IllegalStateException("signing a certificate failed", e);
        }
    }

    static X509Certificate toX509(X509CertificateHolder holder) throws CertificateException, IOException {
        return Certificates.fromDer(holder.getEncoded());
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal() + ", serial "
                + certificate.getSerialNumber().toString(16) + "]";
    }
}
