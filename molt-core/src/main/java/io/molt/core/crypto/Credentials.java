package io.molt.core.crypto;

import io.molt.core.id.PeerId;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * What a replica or client presents on its channels: its private key, its certificate
 * (whose subject names {@code self}) and the certificate authority it trusts for peers.
 */
public record Credentials(PeerId self, PrivateKey privateKey, X509Certificate certificate,
        X509Certificate authority) {}
