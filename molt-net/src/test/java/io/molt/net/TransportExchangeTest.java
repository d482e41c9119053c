package io.molt.net;

import static io.molt.net.RecordingListener.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.core.id.PeerId;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Replicas and clients exchanging frames over real sockets. */
@Timeout(60)
class TransportExchangeTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final TestPki pki = new TestPki();

    @Test
    void threeReplicasAndAClientExchangeFramesBothWays() throws Exception {
        PeerId.Client c1 = PeerId.client(1);
        RecordingListener client = new RecordingListener();
        try (TestCluster cluster = TestCluster.start(pki, 3);
                ClientTransport transport = ClientTransport.connect(pki.client(1), cluster.addresses(),
                        TransportSettings.clientDefaults(), client)) {
            await().atMost(PATIENCE).until(() -> cluster.fullyConnected()
                    && IntStream.range(0, 3).allMatch(r -> client.isConnected(PeerId.replica(r))
                            && cluster.listener(r).isConnected(c1)));

            for (int from = 0; from < 3; from++) {
                for (int to = 0; to < 3; to++) {
                    if (from != to) {
                        assertThat(cluster.replica(from).sendToReplica(to, text("r" + from + ">r" + to))).isTrue();
                    }
                }
                assertThat(cluster.replica(from).sendToClient(1, text("r" + from + ">c1"))).isTrue();
                assertThat(transport.send(from, text("c1>r" + from))).isTrue();
            }

            for (int r = 0; r < 3; r++) {
                RecordingListener replica = cluster.listener(r);
                int self = r;
                await().atMost(PATIENCE).until(() -> replica.count() == 3);
                assertThat(replica.textsFrom(c1)).containsExactly("c1>r" + self);
                for (int other = 0; other < 3; other++) {
                    if (other != self) {
                        assertThat(replica.textsFrom(PeerId.replica(other))).containsExactly("r" + other + ">r" + self);
                    }
                }
            }
            await().atMost(PATIENCE).until(() -> client.count() == 3);
            for (int r = 0; r < 3; r++) {
                assertThat(client.textsFrom(PeerId.replica(r))).containsExactly("r" + r + ">c1");
            }
            assertThat(cluster.replica(0).stats().framesSent()).isEqualTo(3);
            assertThat(cluster.replica(0).stats().framesReceived()).isEqualTo(3);
            assertThat(cluster.replica(0).stats().framesDropped()).isZero();
            // Outbound to 1 and 2, inbound from 1, 2 and the client.
            assertThat(cluster.replica(0).stats().activeConnections()).isEqualTo(5);
        }
    }

    @Test
    void framesOnOneConnectionArriveInOrder() throws Exception {
        int frames = 50_000;
        try (TestCluster cluster = TestCluster.start(pki, 2)) {
            await().atMost(PATIENCE).until(cluster::fullyConnected);

            for (int i = 0; i < frames; i++) {
                // Sizes vary so that frames straddle batch and TLS record boundaries.
                ByteBuffer frame = ByteBuffer.allocate(4 + i % 300).putInt(i);
                assertThat(cluster.replica(0).sendToReplica(1, frame.array())).isTrue();
            }

            await().atMost(PATIENCE).until(() -> cluster.listener(1).count() == frames);
            List<Integer> sequence = new ArrayList<>(frames);
            List<Integer> sizes = new ArrayList<>(frames);
            for (RecordingListener.Received received : cluster.listener(1).frames()) {
                sequence.add(ByteBuffer.wrap(received.frame()).getInt());
                sizes.add(received.frame().length);
            }
            assertThat(sizes).isEqualTo(IntStream.range(0, frames).map(i -> 4 + i % 300).boxed().toList());
            assertThat(sequence).isEqualTo(IntStream.range(0, frames).boxed().toList());
        }
    }

    @Test
    void hundredThousandSmallFramesGetThrough() throws Exception {
        int frames = 100_000;
        byte[] frame = new byte[100];
        try (TestCluster cluster = TestCluster.start(pki, 2)) {
            await().atMost(PATIENCE).until(cluster::fullyConnected);

            long start = System.nanoTime();
            for (int i = 0; i < frames; i++) {
                assertThat(cluster.replica(0).sendToReplica(1, frame)).isTrue();
            }
            await().atMost(PATIENCE).until(() -> cluster.listener(1).count() == frames);
            long micros = (System.nanoTime() - start) / 1000;

            assertThat(cluster.replica(0).stats().framesSent()).isEqualTo(frames);
            assertThat(cluster.replica(1).stats().framesReceived()).isEqualTo(frames);
            assertThat(cluster.replica(1).stats().bytesReceived()).isEqualTo(frames * 100L);
            // Informational only (not asserted): a rough rate for whoever reads the test output.
            System.out.printf("[throughput smoke, informational] %d frames of 100 bytes in %d ms%n", frames,
                    micros / 1000);
        }
    }

    @Test
    void clientRepliesGoToItsLatestConnection() throws Exception {
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        // Once let go, the older client would redial and take over again; make it wait a minute.
        TransportSettings slowToRedial = TransportSettings.clientDefaults()
                .withReconnectDelays(Duration.ofMinutes(1), Duration.ofMinutes(1));
        try (TestCluster cluster = TestCluster.start(pki, 1);
                ClientTransport older = ClientTransport.connect(pki.client(4), cluster.addresses(), slowToRedial,
                        first)) {
            await().atMost(PATIENCE).until(() -> cluster.listener(0).isConnected(PeerId.client(4)));

            try (ClientTransport newer = ClientTransport.connect(pki.client(4), cluster.addresses(),
                    TransportSettings.clientDefaults(), second)) {
                await().atMost(PATIENCE).until(() -> second.isConnected(PeerId.replica(0)));
                // The replica lets the older connection go; it stays the client's one connection.
                await().atMost(PATIENCE).until(() -> !first.isConnected(PeerId.replica(0)));
                assertThat(cluster.listener(0).isConnected(PeerId.client(4))).isTrue();

                assertThat(cluster.replica(0).sendToClient(4, text("reply"))).isTrue();

                await().atMost(PATIENCE).until(() -> second.count() == 1);
                assertThat(second.textsFrom(PeerId.replica(0))).containsExactly("reply");
                assertThat(first.count()).isZero();
                assertThat(older.stats().connectionsClosed()).isEqualTo(1);
                assertThat(newer.stats().connectionsClosed()).isZero();
            }
        }
    }

    @Test
    void sendsWithoutAConnectionAreDroppedAndCounted() throws Exception {
        try (TestCluster cluster = TestCluster.start(pki, 1)) {
            ReplicaTransport replica = cluster.replica(0);

            assertThat(replica.sendToReplica(0, text("to myself"))).isFalse();
            assertThat(replica.sendToReplica(5, text("to nobody"))).isFalse();
            assertThat(replica.sendToClient(9, text("to a stranger"))).isFalse();

            assertThat(replica.stats().framesDropped()).isEqualTo(3);
        }
    }

    @Test
    void closeIsIdempotentAndStopsItsThreads() throws Exception {
        TestCluster cluster = TestCluster.start(pki, 2);
        await().atMost(PATIENCE).until(cluster::fullyConnected);

        cluster.replica(0).close();
        cluster.replica(0).close();

        assertThat(cluster.replica(0).sendToReplica(1, text("late"))).isFalse();
        await().atMost(PATIENCE).until(() -> !cluster.listener(1).isConnected(PeerId.replica(0)));
        cluster.close();
        // close() waits for the event loops to finish; the threads themselves exit a moment later.
        await().atMost(PATIENCE).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("molt-r")));
    }
}
