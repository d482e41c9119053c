package io.molt.replica;

import io.molt.core.config.ConfigWriter;
import io.molt.core.config.MoltConfig;
import io.molt.core.keys.KeyDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Four replicas ({@code t = 1}) running in this JVM on 127.0.0.1, from a fresh key directory
 * (with credentials for {@code clients} clients) and configuration in a test's directory.
 */
final class InProcessEnsemble implements AutoCloseable {
    static final int N = 4;

    private final MoltConfig config;
    private final List<ReplicaRuntime> replicas = new ArrayList<>();

    private InProcessEnsemble(MoltConfig config) {
        this.config = config;
    }

    static InProcessEnsemble start(Path dir, String service, int clients) throws IOException {
        Path keys = dir.resolve("keys");
        KeyDirectory.init(keys, N, clients, KeyDirectory.InitOptions.DEFAULTS);
        InProcessEnsemble ensemble = new InProcessEnsemble(
                ConfigWriter.localEnsemble(1, 0, service, freeLoopbackPorts(N), keys, dir.resolve("data")));
        try {
            for (int id = 0; id < N; id++) {
                ensemble.replicas.add(ReplicaRuntime.start(ReplicaLauncher.options(ensemble.config, id)));
            }
        } catch (IOException | RuntimeException e) {
            ensemble.close();
            throw e;
        }
        return ensemble;
    }

    private static List<Integer> freeLoopbackPorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName(ConfigWriter.LOOPBACK)));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    MoltConfig config() {
        return config;
    }

    ReplicaRuntime replica(int id) {
        return replicas.get(id);
    }

    List<ReplicaRuntime> replicas() {
        return List.copyOf(replicas);
    }

    @Override
    public void close() {
        replicas.forEach(ReplicaRuntime::close);
    }
}
