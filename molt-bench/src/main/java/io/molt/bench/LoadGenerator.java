package io.molt.bench;

import io.molt.api.client.MoltClient;
import io.molt.services.workload.Workload;
import io.molt.services.workload.WorkloadOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load: {@code workers} operations outstanding at all times, each worker
 * sending its next operation as soon as the previous one completes. Latencies go into an
 * HdrHistogram recorder; {@link #sample()} takes the interval since the previous sample.
 * Stops by itself when {@link #stop()} is called; never sends more than one operation per
 * worker at a time.
 */
public final class LoadGenerator {
    private static final long MAX_LATENCY_NANOS = 120_000_000_000L;

    private final MoltClient client;
    private final Workload workload;
    private final int workers;
    private final Recorder recorder = new Recorder(MAX_LATENCY_NANOS, 3);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> errorSamples = new ArrayList<>();
    private final long seed;
    private volatile boolean running;
    private final List<CompletableFuture<Void>> finished = new ArrayList<>();

    public LoadGenerator(MoltClient client, Workload workload, int workers, long seed) {
        if (workers < 1) {
            throw new IllegalArgumentException("at least one worker");
        }
        this.client = client;
        this.workload = workload;
        this.workers = workers;
        this.seed = seed;
    }

    public void start() {
        running = true;
        for (int w = 0; w < workers; w++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            finished.add(done);
            next(new Random(seed * 1_000_003 + w), done);
        }
    }

    private void next(Random random, CompletableFuture<Void> done) {
        if (!running) {
            done.complete(null);
            return;
        }
        WorkloadOp op = workload.next(random);
        long started = System.nanoTime();
        CompletableFuture<byte[]> f = op.readOnly() ? client.queryAsync(op.payload()) : client.invokeAsync(op.payload());
        f.whenComplete((result, error) -> {
            long latency = System.nanoTime() - started;
            if (error == null) {
                recorder.recordValue(Math.min(latency, MAX_LATENCY_NANOS));
                completed.incrementAndGet();
            } else if (error instanceof io.molt.api.client.ClientClosedException
                    || error.getCause() instanceof io.molt.api.client.ClientClosedException) {
                done.complete(null);
                return;
            } else {
                failed.incrementAndGet();
                synchronized (errorSamples) {
                    if (errorSamples.size() < 10) {
                        errorSamples.add(op.kind() + ": " + error);
                    }
                }
            }
            next(random, done);
        });
    }

    /** Stops issuing; waits up to {@code millis} for the operations in flight to finish. */
    public void stop(long millis) {
        running = false;
        try {
            CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new))
                    .get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // operations still outstanding count neither as done nor as failed
        }
    }

    /** Latencies recorded since the previous call (in nanoseconds). */
    public Histogram sample() {
        return recorder.getIntervalHistogram();
    }

    public long completed() {
        return completed.get();
    }

    public long failed() {
        return failed.get();
    }

    public List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }
}
