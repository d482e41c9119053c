package io.molt.net;

import io.molt.core.crypto.Credentials;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * TLS for Molt channels: 1.3 only, both sides present certificates, and the only trust
 * anchor is the authority in the {@link Credentials}; the system trust store plays no
 * part. Host names are not checked: peers are identified by the common name of their
 * certificate, which the transport checks after the handshake.
 */
final class TlsContexts {
    private static final String TLS_1_3 = "TLSv1.3";

    private TlsContexts() {}

    static SslContext server(Credentials credentials) throws SSLException {
        return SslContextBuilder.forServer(credentials.privateKey(), credentials.certificate())
                .sslProvider(SslProvider.JDK)
                .protocols(TLS_1_3)
                .trustManager(credentials.authority())
                .clientAuth(ClientAuth.REQUIRE)
                .build();
    }

    static SslContext client(Credentials credentials) throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(TLS_1_3)
                .keyManager(credentials.privateKey(), credentials.certificate())
                .trustManager(credentials.authority())
                .endpointIdentificationAlgorithm(null)
                .build();
    }
}
