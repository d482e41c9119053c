package io.molt.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Named.named;

import io.molt.client.ClientOptions;
import io.molt.client.MoltClients;
import io.molt.client.ReplicatedClient;
import io.molt.core.codec.CodecException;
import io.molt.core.codec.CodecLimits;
import io.molt.core.codec.MessageCodec;
import io.molt.core.config.MoltConfig;
import io.molt.core.crypto.Digest;
import io.molt.core.id.PeerId;
import io.molt.core.message.Batch;
import io.molt.core.message.Commit;
import io.molt.core.message.Decided;
import io.molt.core.message.DecisionQuery;
import io.molt.core.message.Message;
import io.molt.core.message.MessageType;
import io.molt.core.message.Prepare;
import io.molt.core.message.Propose;
import io.molt.core.message.Reply;
import io.molt.core.message.ReplyStatus;
import io.molt.core.message.Request;
import io.molt.core.message.StatusQuery;
import io.molt.core.message.StatusReport;
import io.molt.net.ClientTransport;
import io.molt.net.FrameListener;
import io.molt.services.counter.CounterClient;
import io.molt.services.counter.CounterCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replica never crashes on bad input from an authenticated client. Four replicas of the
 * counter run in this JVM; client 1 sends raw frames over its own mutually authenticated
 * channels, client 0 is an honest {@link ReplicatedClient}. After every attack each replica
 * still answers, nothing it executed changed, and an honest increment still goes through
 * and leaves all four in the same state.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReplicaBadInputTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int N = InProcessEnsemble.N;
    private static final long HONEST_CLIENT = 0;
    private static final long RAW_CLIENT = 1;
    /** Any of these executed would move the counter by far more than the honest increment. */
    private static final byte[] FORGED_INCREMENT = CounterCommands.increment(1000);
    private static final Pattern MALFORMED_COUNT = Pattern.compile("\\bmalformed=(\\d+)");

    @TempDir
    static Path dir;
    private static InProcessEnsemble ensemble;
    private static ReplicatedClient client;
    private static CounterClient counter;
    private static RawClient raw;
    private static MessageCodec codec;

    @BeforeAll
    static void startEnsemble() throws IOException {
        ensemble = InProcessEnsemble.start(dir, "counter", 2);
        codec = new MessageCodec(ensemble.config().codecLimits());
        client = MoltClients.connect(ensemble.config(), HONEST_CLIENT);
        counter = new CounterClient(client);
        raw = RawClient.connect(ensemble.config(), RAW_CLIENT);
    }

    @AfterAll
    static void stopEnsemble() {
        for (AutoCloseable c : new AutoCloseable[] {raw, client, ensemble}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    @BeforeEach
    void forgetEarlierReplies() {
        raw.replies.clear();
    }

    // ------------------------------------------------------------------ attacks

    static Stream<Named<List<byte[]>>> malformedFrames() {
        MessageCodec encoder = new MessageCodec(CodecLimits.DEFAULT);
        byte[] request = encoder.encode(new Request(RAW_CLIENT, 1, false, FORGED_INCREMENT));
        return Stream.of(
                named("random garbage", randomGarbage(new Random(20261121), 40)),
                named("an empty frame", List.of(new byte[0])),
                named("unknown version bytes", List.of(withByte(request, 0, 0), withByte(request, 0, 2),
                        withByte(request, 0, 255))),
                named("unknown type tags", List.of(withByte(request, 1, 0), withByte(request, 1, 13),
                        withByte(request, 1, 255))),
                named("truncated requests", List.of(Arrays.copyOf(request, 1), Arrays.copyOf(request, 2),
                        Arrays.copyOf(request, 12), Arrays.copyOf(request, request.length - 1))),
                named("a request with trailing bytes", List.of(Arrays.copyOf(request, request.length + 1))),
                named("a request with unknown flag bits", List.of(withByte(request, 2 + 8 + 8, 0x80))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void malformedFramesAreDroppedAndCounted(List<byte[]> frames) throws Exception {
        for (byte[] frame : frames) {
            assertThatThrownBy(() -> codec.decode(frame)).as("precondition: %s is malformed", Arrays.toString(frame))
                    .isInstanceOf(CodecException.class);
        }
        Baseline before = settle();

        frames.forEach(raw::sendToAll);
        raw.sync();

        assertThat(malformedCounts()).as("malformed frames counted by each replica")
                .isEqualTo(before.malformed().stream().map(m -> m + frames.size()).toList());
        assertThat(raw.replies).as("replies to the raw client").isEmpty();
        assertStillServing(before);
    }

    @ParameterizedTest(name = "read-only: {0}")
    @ValueSource(booleans = {false, true})
    void aRequestNamingAnotherClientIsRejectedNamingBothClients(boolean readOnly) throws Exception {
        Baseline before = settle();

        raw.sendToAll(codec.encode(new Request(HONEST_CLIENT, 5, readOnly, FORGED_INCREMENT)));

        List<Reply> replies = await().atMost(PATIENCE).until(() -> List.copyOf(raw.replies), r -> r.size() >= N);
        assertThat(replies).extracting(Reply::replicaId).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(ReplyStatus.REJECTED);
            assertThat(reply.clientId()).as("answered to the channel's client").isEqualTo(RAW_CLIENT);
            assertThat(reply.seq()).isEqualTo(5);
            assertThat(new String(reply.result(), StandardCharsets.UTF_8))
                    .containsPattern("\\bclient " + HONEST_CLIENT + "\\b")
                    .containsPattern("\\bclient " + RAW_CLIENT + "\\b");
        });
        assertThat(malformedCounts()).isEqualTo(before.malformed());
        assertStillServing(before);
    }

    @Test
    void replicaProtocolMessagesFromAClientChangeNothing() throws Exception {
        Baseline before = settle();
        long next = before.progress().get(0).lastExecuted() + 1;
        Batch forged = Batch.create(next, 0, (int) (next % N),
                List.of(new Request(HONEST_CLIENT, 1, false, FORGED_INCREMENT)), List.of());
        List<Message> forbidden = List.of(
                new Propose(next, 0, forged),
                new Prepare(next, 0, forged.digest()),
                new Commit(next, 0, forged.digest()),
                new Decided(next, forged),
                new DecisionQuery(1),
                new Reply(0, RAW_CLIENT, 1, 0, next, ReplyStatus.OK, FORGED_INCREMENT));

        for (Message m : forbidden) {
            raw.sendToAll(codec.encode(m));
        }
        raw.sync();

        assertThat(raw.replies).as("replies to the raw client").isEmpty();
        assertThat(malformedCounts()).as("well-formed, so not counted as malformed").isEqualTo(before.malformed());
        assertStillServing(before);
    }

    @Test
    void anOversizedFrameClosesTheConnectionAndTheClientMayComeBack() throws Exception {
        Baseline before = settle();
        int maxFrame = ensemble.config().limits().maxFrameBytes();
        List<Long> closedBefore = oversizedFrameCounts();
        List<Integer> disconnectsBefore = raw.disconnectCounts();
        byte[] oversized = new byte[maxFrame + 1];
        oversized[0] = MessageCodec.VERSION;
        oversized[1] = (byte) MessageType.REQUEST.tag();

        raw.sendToAll(oversized);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(oversizedFrameCounts())
                .isEqualTo(closedBefore.stream().map(c -> c + 1).toList()));
        await("the raw client loses its connection to every replica").atMost(PATIENCE).until(() -> {
            List<Integer> now = raw.disconnectCounts();
            return IntStream.range(0, N).allMatch(id -> now.get(id) > disconnectsBefore.get(id));
        });
        raw.sync(); // redials, and each replica serves it again
        assertThat(malformedCounts()).as("refused before decoding").isEqualTo(before.malformed());
        assertStillServing(before);
    }

    // ------------------------------------------------------------------ checks

    /** Each replica's executed slot and state digest. */
    private record Progress(long lastExecuted, Digest stateDigest) {
        static Progress of(StatusReport report) {
            return new Progress(report.lastExecuted(), report.stateDigest());
        }
    }

    /** What an attack must not change, taken once all replicas agree. */
    private record Baseline(long counterValue, List<Progress> progress, List<Long> malformed) {}

    private static Baseline settle() {
        long value = counter.get();
        return new Baseline(value, awaitSameProgressEverywhere(), malformedCounts());
    }

    private static List<Progress> awaitSameProgressEverywhere() {
        return await().atMost(PATIENCE).ignoreExceptions().until(ReplicaBadInputTest::progressOfAll,
                progress -> progress.stream().distinct().count() == 1);
    }

    /** Every replica answers a status query from the honest client. */
    private static List<Progress> progressOfAll() throws Exception {
        List<Progress> progress = new ArrayList<>();
        for (int id = 0; id < N; id++) {
            progress.add(Progress.of(client.status(id, true).get(10, TimeUnit.SECONDS)));
        }
        return progress;
    }

    private static void assertStillServing(Baseline before) throws Exception {
        assertThat(ensemble.replicas()).allMatch(ReplicaRuntime::isHealthy, "healthy");
        assertThat(progressOfAll()).as("executed slot and state digest of each replica").isEqualTo(before.progress());

        assertThat(counter.increment(1)).as("an honest increment").isEqualTo(before.counterValue() + 1);

        List<Progress> after = awaitSameProgressEverywhere();
        assertThat(after.get(0).stateDigest()).isNotEqualTo(before.progress().get(0).stateDigest());
    }

    /** Frames each replica could not decode, from {@link ReplicaRuntime#describe()}. */
    private static List<Long> malformedCounts() {
        return ensemble.replicas().stream().map(r -> {
            Matcher m = MALFORMED_COUNT.matcher(r.describe());
            assertThat(m.find()).as("malformed count in '%s'", r.describe()).isTrue();
            return Long.parseLong(m.group(1));
        }).toList();
    }

    /** Connections each replica's transport closed for an oversized frame. */
    private static List<Long> oversizedFrameCounts() {
        return ensemble.replicas().stream().map(r -> r.transportStats().malformedFrames()).toList();
    }

    private static List<byte[]> randomGarbage(Random random, int count) {
        MessageCodec decoder = new MessageCodec(CodecLimits.DEFAULT);
        List<byte[]> frames = new ArrayList<>();
        while (frames.size() < count) {
            byte[] frame = new byte[random.nextInt(300)];
            random.nextBytes(frame);
            if (frame.length > 0 && random.nextBoolean()) {
                frame[0] = MessageCodec.VERSION; // get past the version check half the time
            }
            try {
                decoder.decode(frame);
            } catch (CodecException e) {
                frames.add(frame);
            }
        }
        return frames;
    }

    private static byte[] withByte(byte[] frame, int index, int value) {
        byte[] copy = frame.clone();
        copy[index] = (byte) value;
        return copy;
    }

    // ------------------------------------------------------------------ the raw client

    /**
     * A client that sends whatever frames it is given over its authenticated channels and
     * records what the replicas send back. It may send frames larger than the replicas accept.
     */
    private static final class RawClient implements FrameListener, AutoCloseable {
        final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
        /** Frames from replicas that did not decode: there must be none. */
        private final ConcurrentLinkedQueue<String> undecodable = new ConcurrentLinkedQueue<>();
        private final MessageCodec codec;
        private final Set<Integer> connected = ConcurrentHashMap.newKeySet();
        private final Map<Integer, AtomicInteger> disconnects = new ConcurrentHashMap<>();
        private final Map<Long, Map<Integer, StatusReport>> reports = new ConcurrentHashMap<>();
        private final AtomicLong nonces = new AtomicLong();
        private ClientTransport transport;

        private RawClient(MessageCodec codec) {
            this.codec = codec;
        }

        static RawClient connect(MoltConfig config, long clientId) throws IOException {
            RawClient raw = new RawClient(new MessageCodec(config.codecLimits()));
            ClientOptions options = MoltClients.options(config, clientId);
            long maxFrame = config.limits().maxFrameBytes();
            raw.transport = ClientTransport.connect(options.credentials(), options.replicas(),
                    options.transport().withMaxFrameBytes((int) (2 * maxFrame)).withOutboundQueueBytes(4 * maxFrame),
                    raw);
            return raw;
        }

        /** Sends a frame to every replica once all are connected. */
        void sendToAll(byte[] frame) {
            if (connected.size() < N) {
                await().atMost(PATIENCE).until(() -> connected.size() == N);
            }
            for (int id = 0; id < N; id++) {
                assertThat(transport.send(id, frame)).as("queued for replica %d", id).isTrue();
            }
        }

        /**
         * Asks every replica for its status on the same channels as the frames before: each
         * replica handles a connection's frames in order, so when the reports are in, so is
         * everything sent earlier.
         */
        void sync() {
            long nonce = nonces.incrementAndGet();
            sendToAll(codec.encode(new StatusQuery(nonce, false)));
            await("every replica answers a status query sent after the frames").atMost(PATIENCE)
                    .until(() -> reports.getOrDefault(nonce, Map.of()).size() == N);
            assertThat(undecodable).as("frames from replicas that did not decode").isEmpty();
        }

        List<Integer> disconnectCounts() {
            return IntStream.range(0, N).mapToObj(id -> disconnects.computeIfAbsent(id, k -> new AtomicInteger()).get())
                    .toList();
        }

        @Override
        public void onFrame(PeerId from, byte[] frame) {
            try {
                Message m = codec.decode(frame);
                if (m instanceof Reply reply) {
                    replies.add(reply);
                } else if (m instanceof StatusReport report && from instanceof PeerId.Replica r
                        && report.replicaId() == r.id()) {
                    reports.computeIfAbsent(report.nonce(), k -> new ConcurrentHashMap<>()).put(r.id(), report);
                }
            } catch (CodecException e) {
                undecodable.add(from + ": " + e.getMessage());
            }
        }

        @Override
        public void onConnected(PeerId peer) {
            if (peer instanceof PeerId.Replica r) {
                connected.add(r.id());
            }
        }

        @Override
        public void onDisconnected(PeerId peer) {
            if (peer instanceof PeerId.Replica r) {
                connected.remove(r.id());
                disconnects.computeIfAbsent(r.id(), k -> new AtomicInteger()).incrementAndGet();
            }
        }

        @Override
        public void close() {
            if (transport != null) {
                transport.close();
            }
        }
    }
}
