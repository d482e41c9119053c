package io.molt.bench;

import io.molt.client.MoltClients;
import io.molt.controller.ReplicaJvm;
import io.molt.client.ReplicatedClient;
import io.molt.core.config.ProtocolSettings;
import io.molt.core.message.StatusReport;
import io.molt.services.kv.KvClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures how a replica that restarts with nothing rejoins an ensemble holding a large kv
 * state: fill the state, kill a replica, keep writing until a stable checkpoint covers the
 * whole state, start the replica again and time it until it has executed as far as the
 * others. Reports the snapshot size, the transfer time and rate (from the replica's own
 * log), and the time from restart to caught up (JVM start included).
 */
public final class StateTransferRun {
    private static final int VALUE_BYTES = 64 << 10;
    private static final Pattern INSTALLED = Pattern.compile("STATE_INSTALLED slot (\\d+): (\\d+) bytes in (\\d+) ms");

    private final int stateMegabytes;
    private final PrintStream out;

    public StateTransferRun(int stateMegabytes, PrintStream out) {
        if (stateMegabytes < 1 || stateMegabytes > 4096) {
            throw new IllegalArgumentException("--state-mb must be in 1..4096");
        }
        this.stateMegabytes = stateMegabytes;
        this.out = out;
    }

    public Map<String, Object> run() throws Exception {
        // At the peak of a fetch: the state, the two snapshots kept for peers, the one being
        // fetched, the state it decodes into, and the one taken at the next checkpoint.
        ReplicaJvm jvm = ReplicaJvm.current().with("-Xmx" + Math.max(768, 7 * stateMegabytes + 256) + "m");
        ProtocolSettings protocol = ProtocolSettings.DEFAULTS.withCheckpoints(512, 4096, 1 << 20);
        int victim = 3;
        try (LocalEnsemble ensemble = LocalEnsemble.create(4, 1, 0, "kv", 1, null, jvm, protocol)) {
            ensemble.startAll(Duration.ofSeconds(60));
            try (ReplicatedClient client = MoltClients.connect(ensemble.config(), 0, Duration.ofSeconds(10))) {
                KvClient kv = new KvClient(client);
                long fillStart = System.nanoTime();
                int values = (int) ((long) stateMegabytes * (1 << 20) / VALUE_BYTES);
                fill(kv, values);
                double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
                out.printf("filled %d MB (%d values of %d KB) in %.1f s%n", stateMegabytes, values, VALUE_BYTES >> 10,
                        fillSeconds);

                ensemble.kill(victim);
                ensemble.wipe(victim); // measured here: a replica that lost its disk and fetches everything
                long filledThrough = status(client, 0).lastExecuted();
                int extra = 0;
                while (status(client, 0).stableCheckpoint() <= filledThrough && extra < 100_000) {
                    kv.put(bytes("tick"), bytes(Integer.toString(extra++)));
                }
                long stable = status(client, 0).stableCheckpoint();
                out.printf("replica %d killed; stable checkpoint at slot %d covers the state%n", victim, stable);

                long restartAt = System.nanoTime();
                ensemble.start(victim, Duration.ofSeconds(120));
                long readyAt = System.nanoTime();
                long caughtUpAt = awaitCaughtUp(client, kv, victim);
                Matcher m = installed(ensemble, victim);
                long snapshotBytes = Long.parseLong(m.group(2));
                long transferMillis = Long.parseLong(m.group(3));
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("scenario", "state-transfer");
                summary.put("state_mb", stateMegabytes);
                summary.put("fill_s", EnsembleRun.round(fillSeconds));
                summary.put("snapshot_slot", Long.parseLong(m.group(1)));
                summary.put("snapshot_bytes", snapshotBytes);
                summary.put("transfer_ms", transferMillis);
                summary.put("transfer_mb_s", EnsembleRun.round(snapshotBytes / 1048576.0
                        / Math.max(1e-3, transferMillis / 1000.0)));
                summary.put("process_start_ms", (readyAt - restartAt) / 1_000_000);
                summary.put("restart_to_caught_up_ms", (caughtUpAt - restartAt) / 1_000_000);
                boolean consistent = StateAgreement.await(client, ensemble, id -> true, Duration.ofSeconds(30)).agreed();

                // The same replica killed again, this time restarting from its own disk: it
                // reloads its snapshot and journal, then catches up on what it missed.
                ensemble.kill(victim);
                for (int i = 0; i < 1000; i++) {
                    kv.put(bytes("while-down-" + (i % 100)), bytes(Integer.toString(i)));
                }
                long again = System.nanoTime();
                ensemble.start(victim, Duration.ofSeconds(120));
                long readyAgain = System.nanoTime();
                long caughtUpAgain = awaitCaughtUp(client, kv, victim);
                out.printf("replica %d restarted from its own disk: ready in %d ms, caught up in %d ms%n", victim,
                        (readyAgain - again) / 1_000_000, (caughtUpAgain - again) / 1_000_000);
                summary.put("disk_restart_ready_ms", (readyAgain - again) / 1_000_000);
                summary.put("disk_restart_to_caught_up_ms", (caughtUpAgain - again) / 1_000_000);
                summary.put("consistent", consistent && StateAgreement.await(client, ensemble, id -> true, Duration.ofSeconds(30)).agreed());
                summary.put("errors", 0L);
                return summary;
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void fill(KvClient kv, int values) throws Exception {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        byte[] value = new byte[VALUE_BYTES];
        for (int i = 0; i < values; i++) {
            inFlight.acquire();
            value[0] = (byte) i;
            value[1] = (byte) (i >> 8);
            CompletableFuture<?> f = kv.putAsync(bytes("big-" + i), value.clone());
            f.whenComplete((r, e) -> inFlight.release());
            pending.add(f);
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    }

    private static StatusReport status(ReplicatedClient client, int replica) throws Exception {
        return client.status(replica, false).get(10, TimeUnit.SECONDS);
    }

    /** Waits until the restarted replica has executed as far as replica 0, while writes go on. */
    private static long awaitCaughtUp(ReplicatedClient client, KvClient kv, int victim) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            kv.put(bytes("tick"), bytes("after-restart"));
            try {
                StatusReport back = status(client, victim);
                StatusReport ref = status(client, 0);
                if (back.lastExecuted() > 0 && back.lastExecuted() >= ref.lastExecuted()) {
                    return System.nanoTime();
                }
            } catch (Exception e) {
                // not connected yet
            }
            Thread.sleep(20);
        }
        throw new IOException("replica " + victim + " did not catch up within 5 minutes");
    }

    private static Matcher installed(LocalEnsemble ensemble, int victim) throws IOException {
        String log = Files.readString(ensemble.workDir().resolve("replica-" + victim + ".log"));
        Matcher m = INSTALLED.matcher(log);
        Matcher last = null;
        while (m.find()) {
            last = INSTALLED.matcher(m.group());
            last.matches();
        }
        if (last == null) {
            throw new IOException("replica " + victim + " caught up without a state transfer");
        }
        return last;
    }
}
