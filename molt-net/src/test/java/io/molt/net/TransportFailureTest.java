package io.molt.net;

import static io.molt.net.RecordingListener.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.core.crypto.Credentials;
import io.molt.core.id.PeerId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Impostors, foreign certificates, oversized frames, restarts and slow peers. */
@Timeout(60)
class TransportFailureTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final PeerId.Replica R0 = PeerId.replica(0);
    private static final PeerId.Replica R1 = PeerId.replica(1);

    private final TestPki pki = new TestPki();

    @Test
    void clientCertifiedByAnotherAuthorityIsRejected() throws Exception {
        Credentials foreign = new TestPki().client(9);
        // It trusts our CA, so the replica's certificate is fine to it: only its own is foreign.
        Credentials impostor = new Credentials(foreign.self(), foreign.privateKey(), foreign.certificate(),
                pki.authority());
        RecordingListener honestClient = new RecordingListener();
        try (TestCluster cluster = TestCluster.start(pki, 1);
                ClientTransport rejected = ClientTransport.connect(impostor, cluster.addresses(),
                        TransportSettings.clientDefaults(), new RecordingListener())) {
            await().atMost(PATIENCE).until(() -> cluster.replica(0).stats().handshakeFailures() >= 2);
            rejected.send(0, text("let me in"));

            try (ClientTransport honest = ClientTransport.connect(pki.client(1), cluster.addresses(),
                    TransportSettings.clientDefaults(), honestClient)) {
                await().atMost(PATIENCE).until(() -> honestClient.isConnected(R0));
                honest.send(0, text("hello"));
                await().atMost(PATIENCE).until(() -> cluster.listener(0).count() == 1);
            }

            RecordingListener replica = cluster.listener(0);
            assertThat(replica.frames()).extracting(RecordingListener.Received::from).containsOnly(PeerId.client(1));
            assertThat(replica.everConnected(PeerId.client(9))).isFalse();
            assertThat(cluster.replica(0).sendToClient(9, text("hi"))).isFalse();
        }
    }

    @Test
    void replicaCertifiedByAnotherAuthorityIsNotTrusted() throws Exception {
        RecordingListener client = new RecordingListener();
        try (TestCluster cluster = TestCluster.start(new TestPki(), 1);
                ClientTransport transport = ClientTransport.connect(pki.client(1), cluster.addresses(),
                        TransportSettings.clientDefaults(), client)) {
            await().atMost(PATIENCE).until(() -> transport.stats().handshakeFailures() >= 2);

            assertThat(client.everConnected(R0)).isFalse();
            assertThat(transport.send(0, text("hello"))).isFalse();
            assertThat(cluster.replica(0).stats().connectionsOpened()).isZero();
        }
    }

    @Test
    void serverPresentingAClientCertificateIsNotAcceptedAsAReplica() throws Exception {
        RecordingListener replicaListener = new RecordingListener();
        RecordingListener clientListener = new RecordingListener();
        try (StubTlsServer impostor = new StubTlsServer(pki.client(7));
                ReplicaTransport replica = ReplicaTransport.bind(pki.replica(0), TestCluster.ANY_LOOPBACK_PORT,
                        TransportSettings.replicaDefaults(), replicaListener);
                ClientTransport client = ClientTransport.connect(pki.client(2), Map.of(1, impostor.address()),
                        TransportSettings.clientDefaults(), clientListener)) {
            replica.connectToReplicas(Map.of(0, replica.localAddress(), 1, impostor.address()));

            await().atMost(PATIENCE).until(() -> replica.stats().peersRejected() >= 1
                    && client.stats().peersRejected() >= 1);

            assertThat(replicaListener.everConnected(R1)).isFalse();
            assertThat(clientListener.everConnected(R1)).isFalse();
            assertThat(replica.sendToReplica(1, text("secret"))).isFalse();
            assertThat(client.send(1, text("secret"))).isFalse();
            assertThat(replica.stats().connectionsOpened()).isZero();
        }
    }

    @Test
    void peerClaimingTheReplicasOwnIdentityIsRejected() throws Exception {
        try (TestCluster cluster = TestCluster.start(pki, 1);
                ReplicaTransport twin = ReplicaTransport.bind(pki.replica(0), TestCluster.ANY_LOOPBACK_PORT,
                        TransportSettings.replicaDefaults(), new RecordingListener())) {
            // The twin dials replica 0's address believing it to be replica 1.
            twin.connectToReplicas(Map.of(1, cluster.addresses().get(0)));

            await().atMost(PATIENCE).until(() -> cluster.replica(0).stats().peersRejected() >= 1);

            assertThat(twin.stats().peersRejected()).isGreaterThanOrEqualTo(1);
            assertThat(cluster.listener(0).count()).isZero();
        }
    }

    @Test
    void oversizedFrameClosesOnlyThatConnection() throws Exception {
        TransportSettings defaults = TransportSettings.replicaDefaults();
        RecordingListener client = new RecordingListener();
        try (TestCluster cluster = TestCluster.start(pki, 3,
                        id -> id == 1 ? defaults.withMaxFrameBytes(64 * 1024) : defaults);
                ClientTransport transport = ClientTransport.connect(pki.client(3), cluster.addresses(),
                        TransportSettings.clientDefaults(), client)) {
            // Replica 1 holds 5 connections: its links to 0 and 2, and those of 0, 2 and the client.
            await().atMost(PATIENCE).until(() -> cluster.fullyConnected() && client.isConnected(R1)
                    && cluster.replica(1).stats().connectionsOpened() == 5);

            assertThat(cluster.replica(0).sendToReplica(1, new byte[100_000])).isTrue();
            await().atMost(PATIENCE).until(() -> cluster.replica(1).stats().malformedFrames() == 1
                    && cluster.replica(1).stats().connectionsClosed() == 1);

            // Everyone else still gets through to replica 1, and replica 1 to them.
            assertThat(cluster.replica(2).sendToReplica(1, text("from r2"))).isTrue();
            assertThat(transport.send(1, text("from c3"))).isTrue();
            assertThat(cluster.replica(1).sendToReplica(0, text("from r1"))).isTrue();
            await().atMost(PATIENCE).until(() -> cluster.listener(1).count() == 2 && cluster.listener(0).count() == 1);
            assertThat(cluster.listener(1).textsFrom(PeerId.replica(2))).containsExactly("from r2");
            assertThat(cluster.listener(1).textsFrom(PeerId.client(3))).containsExactly("from c3");

            // Replica 0 redials, and its next frames arrive on the new connection.
            await().atMost(PATIENCE).until(() -> {
                cluster.replica(0).sendToReplica(1, text("again"));
                return cluster.listener(1).textsFrom(R0).contains("again");
            });
            assertThat(cluster.listener(1).frames()).noneMatch(r -> r.frame().length == 100_000);
            assertThat(cluster.replica(1).stats().connectionsOpened()).isEqualTo(6);
            assertThat(cluster.replica(1).stats().connectionsClosed()).isEqualTo(1);
        }
    }

    @Test
    void reconnectsAfterTheRemoteReplicaRestarts() throws Exception {
        TransportSettings quick = TransportSettings.replicaDefaults()
                .withReconnectDelays(Duration.ofMillis(10), Duration.ofMillis(200));
        try (TestCluster cluster = TestCluster.start(pki, 2, id -> quick)) {
            await().atMost(PATIENCE).until(cluster::fullyConnected);

            cluster.restart(1);

            // Frames sent while replica 0 still holds the dead connection may be lost; keep sending.
            await().atMost(PATIENCE).until(() -> {
                cluster.replica(0).sendToReplica(1, text("welcome back"));
                return cluster.listener(1).textsFrom(R0).contains("welcome back");
            });
            await().atMost(PATIENCE).until(() -> {
                cluster.replica(1).sendToReplica(0, text("thanks"));
                return cluster.listener(0).textsFrom(R1).contains("thanks");
            });
            assertThat(cluster.replica(0).stats().connectionsOpened()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void fullQueueDropsAndCountsWhileThePeerIsNotReading() throws Exception {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener received = new RecordingListener();
        // Replica 1's single event loop blocks on the first frame, so it reads nothing more.
        FrameListener slow = new FrameListener() {
            @Override
            public void onFrame(PeerId from, byte[] frame) {
                stalled.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                received.onFrame(from, frame);
            }
        };
        TransportSettings small = TransportSettings.replicaDefaults()
                .withOutboundQueueBytes(256 * 1024)
                .withIoThreads(1);
        try (ReplicaTransport sender = ReplicaTransport.bind(pki.replica(0), TestCluster.ANY_LOOPBACK_PORT, small,
                        received);
                ReplicaTransport receiver = ReplicaTransport.bind(pki.replica(1), TestCluster.ANY_LOOPBACK_PORT,
                        small, slow)) {
            sender.connectToReplicas(Map.of(1, receiver.localAddress()));
            await().atMost(PATIENCE).until(() -> received.isConnected(R1));
            assertThat(sender.sendToReplica(1, text("first"))).isTrue();
            assertThat(stalled.await(20, TimeUnit.SECONDS)).isTrue();

            byte[] frame = new byte[16 * 1024];
            long accepted = 1;
            long refused = 0;
            // Socket buffers, Netty's buffer and our queue are finite: sends must start failing.
            for (int i = 0; i < 100_000 && refused < 100; i++) {
                if (sender.sendToReplica(1, frame)) {
                    accepted++;
                } else {
                    refused++;
                }
            }

            assertThat(refused).isEqualTo(100);
            assertThat(sender.stats().framesDropped()).isEqualTo(refused);

            // Once the peer reads again, every frame the transport accepted arrives.
            release.countDown();
            long expected = accepted;
            await().atMost(PATIENCE).until(() -> received.count() == expected);
            assertThat(sender.stats().framesSent()).isEqualTo(accepted);
        }
    }
}
