package io.molt.replica.standby;

import io.molt.api.ExecutionContext;
import io.molt.api.StateMachine;
import io.molt.core.codec.CodecLimits;
import io.molt.core.codec.MessageCodec;
import io.molt.core.crypto.Digest;
import io.molt.core.crypto.Ed25519;
import io.molt.core.message.Batch;
import io.molt.core.message.Propose;
import io.molt.core.message.Request;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the code a replica spends its time in — signing, verifying, hashing, the codec and
 * the service — on throwaway data for a bounded time, so that a standby's JIT has compiled
 * it before the standby takes over and the swap costs the service as little as possible.
 * Touches no network, no disk and nothing of the deployment's state.
 */
public final class Warmup {
    private Warmup() {}

    /** Runs for about {@code millis} ms; returns how many rounds it did. */
    public static long run(long millis, StateMachine scratchService, CodecLimits limits) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        byte[] key = Ed25519.generatePrivateKey(new SecureRandom());
        byte[] publicKey = Ed25519.publicKeyOf(key);
        MessageCodec codec = new MessageCodec(limits);
        long rounds = 0;
        long sink = 0;
        while (System.nanoTime() < deadline) {
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                requests.add(new Request(rounds, i, false, ("warm " + i).getBytes(StandardCharsets.UTF_8)));
            }
            Batch batch = Batch.create(rounds + 1, 0, 0, requests, List.of());
            byte[] frame = codec.encode(new Propose(0, 0, batch));
            byte[] signature = Ed25519.sign(key, frame);
            if (!Ed25519.verify(publicKey, frame, signature)) {
                throw new IllegalStateException("Ed25519 failed to verify its own signature during warm-up");
            }
            try {
                sink += codec.decode(frame).hashCode();
            } catch (io.molt.core.codec.CodecException e) {
                throw new IllegalStateException("the codec failed to read its own frame during warm-up", e);
            }
            sink += Digest.sha256(frame).hashCode();
            for (Request r : requests) {
                try {
                    sink += scratchService.execute(r.payload(), new ExecutionContext(r.clientId(), r.seq(), 0,
                            rounds + 1)).length;
                } catch (Exception e) {
                    // the service refused warm-up input it does not understand: nothing to warm there
                }
            }
            rounds++;
        }
        return sink == Long.MIN_VALUE ? -rounds : rounds; // keep the work observable
    }
}
