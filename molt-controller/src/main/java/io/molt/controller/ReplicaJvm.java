package io.molt.controller;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How replica JVMs are started on this machine, apart from their variant: the class path
 * and the options every replica gets.
 */
public record ReplicaJvm(String classpath, List<String> options) {

    public ReplicaJvm {
        options = List.copyOf(options);
    }

    /**
     * The class path of this process, with options suited to several replicas per machine,
     * followed by any in the environment variable {@code MOLT_REPLICA_JAVA_OPTS}.
     */
    public static ReplicaJvm current() {
        // A replica that runs out of memory stops at once rather than limping on with a dead
        // stage; it is then a crashed replica, and restarts from its disk. The client
        // compiler only: with several replica JVMs per core, C2 kept the cores busy compiling
        // for minutes, and C1 alone doubled the demo's throughput (docs/DECISIONS.md).
        List<String> options = new ArrayList<>(List.of("-Xms128m", "-Xmx768m", "-XX:+ExitOnOutOfMemoryError",
                "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+PerfDisableSharedMem",
                "-Dio.netty.leakDetection.level=disabled"));
        String extra = System.getenv("MOLT_REPLICA_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        return new ReplicaJvm(absolute(System.getProperty("java.class.path")), options);
    }

    /** The same with one more option (a system property, say) for every replica. */
    public ReplicaJvm with(String option) {
        List<String> more = new ArrayList<>(options);
        more.add(option);
        return new ReplicaJvm(classpath, more);
    }

    /** The JVM running this process, as a variant's JVM, named as {@link JvmInstallations} names it. */
    public static Variant.Jvm running() {
        Path home = Path.of(System.getProperty("java.home"));
        return JvmInstallations.describe(home).orElseGet(() -> new Variant.Jvm("java-" + Runtime.version().feature(),
                home.resolve("bin").resolve("java"), Runtime.version().feature()));
    }

    /**
     * The variant replica {@code replica} starts with before any refresh: this JVM, parallel
     * GC, and the JDK's crypto for even ids, Bouncy Castle's for odd ones. Every refresh flips
     * each dimension with two options, so mixing the providers at the start is what makes
     * both providers run on both JVMs (and the ensemble diverse from its first epoch).
     */
    public static Variant initialVariant(int replica) {
        return new Variant(running(), Variant.GarbageCollector.PARALLEL,
                replica % 2 == 0 ? Variant.CryptoProvider.JDK : Variant.CryptoProvider.BOUNCY_CASTLE);
    }

    /** Replicas run in the ensemble's directory: relative class path entries would not resolve there. */
    private static String absolute(String classpath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
