package io.molt.controller;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one replica incarnation is built and run: which JVM, which garbage collector, which
 * crypto provider. Consecutive incarnations of a replica differ in every dimension that has
 * a choice, so an exploit tuned to one incarnation's runtime does not carry over.
 * Recorded for operators; secret until deployed.
 */
public record Variant(Jvm jvm, GarbageCollector gc, CryptoProvider crypto) {

    /** An installed JVM: a short name (vendor and feature version) and its {@code java} binary. */
    public record Jvm(String name, Path javaBinary, int featureVersion) {
        public Jvm {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(javaBinary, "javaBinary");
        }
    }

    public enum GarbageCollector {
        G1("-XX:+UseG1GC"),
        PARALLEL("-XX:+UseParallelGC"),
        SERIAL("-XX:+UseSerialGC");

        private final String flag;

        GarbageCollector(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }
    }

    /**
     * Which JCA provider is preferred in the replica (TLS handshakes, certificate checks,
     * bulk ciphers): the JDK's own, or Bouncy Castle's installed first.
     */
    public enum CryptoProvider {
        JDK("jdk"),
        BOUNCY_CASTLE("bc");

        private final String property;

        CryptoProvider(String property) {
            this.property = property;
        }

        /** The value of the replica's {@code molt.crypto.provider} system property. */
        public String property() {
            return property;
        }
    }

    public Variant {
        Objects.requireNonNull(jvm, "jvm");
        Objects.requireNonNull(gc, "gc");
        Objects.requireNonNull(crypto, "crypto");
    }

    /** The JVM options this variant adds to the replica's base options. */
    public List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        options.add(gc.flag());
        if (gc != GarbageCollector.SERIAL) {
            options.add("-XX:ParallelGCThreads=1");
        }
        options.add("-Dmolt.crypto.provider=" + crypto.property());
        if (jvm.featureVersion() >= 22) {
            // Netty's native transport; without it newer JVMs warn on every start.
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        return options;
    }

    /** For operators and logs: {@code openjdk-17/G1/jdk}. */
    public String describe() {
        return jvm.name() + "/" + gc + "/" + crypto.property();
    }

    @Override
    public String toString() {
        return describe();
    }
}
