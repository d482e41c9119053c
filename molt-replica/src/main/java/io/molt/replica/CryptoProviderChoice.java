package io.molt.replica;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The crypto provider a replica's variant prefers for everything that goes through the JCA
 * (TLS handshakes and record ciphers, certificate checks): the JDK's own ({@code jdk}, the
 * default) or Bouncy Castle ({@code bc}), installed ahead of the JDK's. Chosen by the
 * system property {@code molt.crypto.provider}; the protocol's own Ed25519 signatures use
 * Bouncy Castle's engine directly either way.
 */
public final class CryptoProviderChoice {
    public static final String PROPERTY = "molt.crypto.provider";

    private CryptoProviderChoice() {}

    /** Installs the provider the property names; returns its name. */
    public static String install() {
        String choice = System.getProperty(PROPERTY, "jdk").trim();
        switch (choice) {
            case "jdk" -> {
                return Security.getProviders()[0].getName();
            }
            case "bc" -> {
                Provider bc = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
                if (bc == null) {
                    bc = new BouncyCastleProvider();
                } else {
                    Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
                }
                Security.insertProviderAt(bc, 1);
                return bc.getName();
            }
            default -> throw new IllegalArgumentException(PROPERTY + "=" + choice + " is not a crypto provider"
                    + " (expected jdk or bc)");
        }
    }
}
