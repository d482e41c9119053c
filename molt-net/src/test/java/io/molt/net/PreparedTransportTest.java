package io.molt.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.molt.core.crypto.CertificateAuthority;
import io.molt.core.crypto.Credentials;
import io.molt.core.crypto.EpochRange;
import io.molt.core.crypto.Validity;
import io.molt.core.id.PeerId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A standby's transport: prepared (TLS contexts, event loops, an in-memory rehearsal) with no
 * socket open, then bound to its identity's address, where peers connect to it as to any
 * replica.
 */
class PreparedTransportTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void rehearsesHandshakesInMemoryAndListensOnlyOnceBound() throws Exception {
        TestPki pki = new TestPki();
        try (ReplicaTransport peer = ReplicaTransport.bind(pki.replica(0), TestCluster.ANY_LOOPBACK_PORT,
                TransportSettings.replicaDefaults(), new RecordingListener())) {
            InetSocketAddress reserved = freeLoopbackAddress();
            RecordingListener listener = new RecordingListener();
            java.util.Set<String> socketsBefore = openSockets();
            PreparedTransport prepared = PreparedTransport.prepare(pki.replica(1), TransportSettings.replicaDefaults());
            assertThat(prepared.rehearse(Duration.ZERO)).isEqualTo(1);
            assertThat(prepared.rehearse(Duration.ofMillis(300))).isGreaterThanOrEqualTo(1);
            assertThat(openSockets()).as("preparing and rehearsing open no socket")
                    .allMatch(socketsBefore::contains);
            assertThat(canConnect(reserved)).as("nothing listens before the bind").isFalse();

            try (ReplicaTransport bound = prepared.bind(reserved, listener, PeerAdmission.ANYONE)) {
                bound.connectToReplicas(Map.of(0, peer.localAddress(), 1, reserved));
                peer.connectToReplicas(Map.of(0, peer.localAddress(), 1, reserved));
                await().atMost(PATIENCE).until(() -> listener.isConnected(PeerId.replica(0)));
                peer.sendToReplica(1, new byte[] {1, 2, 3});
                await().atMost(PATIENCE).until(() -> listener.frames().size() == 1);
                assertThatThrownBy(() -> prepared.bind(reserved, listener, PeerAdmission.ANYONE))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already bound");
                prepared.close(); // the bound transport owns the loops now: no effect
                peer.sendToReplica(1, new byte[] {4});
                await().atMost(PATIENCE).until(() -> listener.frames().size() == 2);
            }
        }
    }

    @Test
    void aRehearsalWithCredentialsOfAnotherAuthorityFails() throws Exception {
        TestPki pki = new TestPki();
        CertificateAuthority other = CertificateAuthority.create(Validity.startingNow(Instant.now(),
                Duration.ofDays(1)), new SecureRandom());
        Credentials own = pki.replica(1);
        Credentials foreign = other.issueCredentials(PeerId.replica(1), EpochRange.ALL,
                Validity.startingNow(Instant.now(), Duration.ofDays(1)), new SecureRandom());
        // The key and certificate of one authority, trusting another: its own handshake fails.
        Credentials mixed = new Credentials(own.self(), own.privateKey(), own.certificate(), foreign.authority());
        try (PreparedTransport prepared = PreparedTransport.prepare(mixed, TransportSettings.replicaDefaults())) {
            assertThatThrownBy(() -> prepared.rehearse(Duration.ZERO)).isInstanceOf(IOException.class)
                    .hasMessageContaining("handshake");
        }
    }

    @Test
    void refusesClientCredentials() {
        assertThatThrownBy(() -> PreparedTransport.prepare(new TestPki().client(3),
                TransportSettings.replicaDefaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replica credentials");
    }

    /** The sockets this process holds open, by inode (/proc/self/fd links to socket:[inode]; Linux, as CI). */
    private static java.util.Set<String> openSockets() throws IOException {
        try (var links = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return links.map(link -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(link).toString();
                } catch (IOException e) {
                    return ""; // closed while listing
                }
            }).filter(target -> target.startsWith("socket:")).collect(java.util.stream.Collectors.toSet());
        }
    }

    private static InetSocketAddress freeLoopbackAddress() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
    }

    private static boolean canConnect(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
