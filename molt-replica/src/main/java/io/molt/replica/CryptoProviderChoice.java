package io.molt.replica;

import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The crypto provider a replica's variant prefers for everything that goes through the JCA
 * (TLS handshake signatures and key agreement, record ciphers, HMAC and hashes, certificate
 * checks): the JDK's own ({@code jdk}, the default) or Bouncy Castle ({@code bc}), installed
 * ahead of the JDK's. Chosen by the system property {@code molt.crypto.provider}; the
 * protocol's own Ed25519 signatures use Bouncy Castle's engine directly either way.
 *
 * <p>With {@code bc}, key <em>objects</em> for the Edwards and Montgomery curves (Ed25519,
 * X25519 and their relatives) and certificate objects still come from the JDK: its TLS
 * stack picks the certificate for a handshake by the key's algorithm name, {@code EdDSA}
 * for the JDK's keys and {@code Ed25519} for Bouncy Castle's, and with Bouncy Castle's keys
 * every handshake fails ("no available authentication scheme"). So the Bouncy Castle
 * provider installed here lacks those key factories and key pair generators and its
 * certificate factory (which builds its own key objects); its signature, key agreement,
 * cipher, MAC and digest engines do the work, on the JDK's objects. Two more services stay
 * with the JDK for cost, not correctness: RSA key factories (Molt uses no RSA, but every
 * TLS context loads the JDK's trust store, and Bouncy Castle's primality checks on its
 * RSA keys took 14 s per replica start), and {@code SecureRandom} (the JDK's reads the
 * operating system's source).
 */
public final class CryptoProviderChoice {
    public static final String PROPERTY = "molt.crypto.provider";

    /**
     * Key factories and generators (and their aliases) for the curves the JDK's TLS stack must
     * own and for RSA, the certificate factory, and {@code SecureRandom}.
     */
    private static final Pattern JDK_OWNED = Pattern.compile("(Alg\\.Alias\\.)?((KeyFactory|KeyPairGenerator)\\."
            + ".*(ED25519|ED448|EDDSA|XDH|X25519|X448|1\\.3\\.101\\.11[0-3]|RSA|1\\.2\\.840\\.113549\\.1\\.1\\.).*|CertificateFactory\\..*|SecureRandom\\..*)",
            Pattern.CASE_INSENSITIVE);

    private CryptoProviderChoice() {}

    /** Installs the provider the property names; returns its name. */
    public static String install() {
        String choice = System.getProperty(PROPERTY, "jdk").trim();
        switch (choice) {
            case "jdk" -> {
                return Security.getProviders()[0].getName();
            }
            case "bc" -> {
                Provider bc = bouncyCastleForJdkTls();
                Security.removeProvider(bc.getName());
                Security.insertProviderAt(bc, 1);
                return bc.getName();
            }
            default -> throw new IllegalArgumentException(PROPERTY + "=" + choice + " is not a crypto provider"
                    + " (expected jdk or bc)");
        }
    }

    /** Bouncy Castle without the services {@link #JDK_OWNED} names. */
    static Provider bouncyCastleForJdkTls() {
        Provider bc = new BouncyCastleProvider();
        List<Object> owned = new ArrayList<>();
        for (Object entry : bc.keySet()) {
            if (JDK_OWNED.matcher(entry.toString()).matches()) {
                owned.add(entry);
            }
        }
        owned.forEach(bc::remove);
        return bc;
    }
}
