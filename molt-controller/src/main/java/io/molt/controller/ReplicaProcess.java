package io.molt.controller;

import io.molt.replica.ReplicaMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One replica JVM on this machine: started with its output appended to a log file, its
 * stdin kept as the controller's one-way channel, and the lines it prints to say it is
 * warm ({@code standby ...}) or listening ({@code ready ...}) turned into futures.
 */
final class ReplicaProcess {
    private static final Path SHELL = Path.of("/bin/sh");

    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final CompletableFuture<Void> standby = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private ReplicaProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
    }

    /** Starts {@code java args...} in {@code dir}, appending its output to {@code log}. */
    static ReplicaProcess start(Path javaBinary, List<String> args, Path dir, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SHELL)) {
            // Started with SIGINT ignored (the JVM keeps it so): Ctrl-C in the terminal stops
            // the launcher, which then stops the replicas in order, instead of all of them
            // dying at once. Not a session of their own (setsid): with the kernel's
            // autogroup scheduling each session gets an equal CPU share, which starves the
            // launcher's client on a small machine.
            command.addAll(List.of(SHELL.toString(), "-c", "trap '' INT; exec \"$0\" \"$@\""));
        }
        command.add(javaBinary.toString());
        command.addAll(args);
        Files.writeString(log, "", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // If this launcher dies without stopping them (kill -9), the replicas exit too.
        builder.environment().put(ReplicaMain.PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()));
        ReplicaProcess p = new ReplicaProcess(builder.start(), log);
        Thread pump = new Thread(p::pumpStdout, "molt-replica-out-" + p.process.pid());
        pump.setDaemon(true);
        pump.start();
        return p;
    }

    /** Copies the replica's stdout into its log and signals its standby and ready lines. */
    private void pumpStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                var writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(ReplicaMain.STANDBY)) {
                    standby.complete(null);
                } else if (line.startsWith(ReplicaMain.READY)) {
                    ready.complete(null);
                }
                writer.write(line);
                writer.newLine();
                writer.flush();
            }
        } catch (IOException e) {
            // the process went away; its exit is noticed elsewhere
        } finally {
            IOException exited = new IOException("replica process exited before it was ready; see " + log);
            standby.completeExceptionally(exited);
            ready.completeExceptionally(exited);
        }
    }

    /** Writes to the process's stdin (the controller's channel to it). */
    Writer stdin() {
        return stdin;
    }

    CompletableFuture<Void> standby() {
        return standby;
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no flushing; waits for it to be gone. */
    void kill() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    /** SIGTERM: asks it to stop (it closes its storage cleanly). */
    void terminate() {
        if (process.isAlive()) {
            process.destroy();
        }
    }

    boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for {@code signal}, turning failure and timeout into an {@link IOException} that names the log. */
    static void await(List<CompletableFuture<Void>> signals, Duration timeout, String what, Path where)
            throws IOException {
        try {
            CompletableFuture.allOf(signals.toArray(CompletableFuture[]::new)).get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(what + " not ready within " + timeout.toSeconds() + " s; logs in " + where);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + what);
        }
    }
}
