package io.molt.cli;

import io.molt.bench.LocalEnsemble;
import io.molt.controller.ReplicaJvm;
import io.molt.replica.ReplicaLauncher;
import io.molt.replica.ReplicaRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Four replicas ({@code t = 1}) in this JVM on 127.0.0.1. Keys (for two clients) and
 * {@code molt.yaml} come from {@link LocalEnsemble#create}, which writes them and starts no
 * process; the replicas run from that configuration.
 */
final class InProcessReplicas implements AutoCloseable {
    private final LocalEnsemble files;
    private final List<ReplicaRuntime> replicas = new ArrayList<>();

    private InProcessReplicas(LocalEnsemble files) {
        this.files = files;
    }

    static InProcessReplicas start(Path dir, String service) throws IOException {
        InProcessReplicas ensemble = new InProcessReplicas(
                LocalEnsemble.create(4, 1, 0, service, 2, dir, ReplicaJvm.current()));
        try {
            for (int id = 0; id < ensemble.files.config().n(); id++) {
                ensemble.replicas.add(ReplicaRuntime.start(ReplicaLauncher.options(ensemble.files.config(), id)));
            }
        } catch (IOException | RuntimeException e) {
            ensemble.close();
            throw e;
        }
        return ensemble;
    }

    /** The {@code molt.yaml} the replicas run from. */
    Path configFile() {
        return files.configFile();
    }

    /** The last slot each replica executed, by replica id. */
    List<Long> executedSlots() {
        return replicas.stream().map(ReplicaRuntime::lastExecuted).toList();
    }

    @Override
    public void close() {
        replicas.forEach(ReplicaRuntime::close);
        files.close();
    }
}
