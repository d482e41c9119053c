package io.molt.net;

import io.molt.core.id.PeerId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/** Replicas on 127.0.0.1 with ephemeral ports, all dialing each other. */
final class TestCluster implements AutoCloseable {
    static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    private final TestPki pki;
    private final IntFunction<TransportSettings> settings;
    private final List<ReplicaTransport> replicas = new ArrayList<>();
    private final List<RecordingListener> listeners = new ArrayList<>();
    private final Map<Integer, InetSocketAddress> addresses = new TreeMap<>();

    private TestCluster(TestPki pki, IntFunction<TransportSettings> settings) {
        this.pki = pki;
        this.settings = settings;
    }

    static TestCluster start(TestPki pki, int n) throws IOException {
        return start(pki, n, id -> TransportSettings.replicaDefaults());
    }

    static TestCluster start(TestPki pki, int n, IntFunction<TransportSettings> settings) throws IOException {
        TestCluster cluster = new TestCluster(pki, settings);
        try {
            for (int id = 0; id < n; id++) {
                RecordingListener listener = new RecordingListener();
                ReplicaTransport transport = ReplicaTransport.bind(pki.replica(id), ANY_LOOPBACK_PORT,
                        settings.apply(id), listener);
                cluster.replicas.add(transport);
                cluster.listeners.add(listener);
                cluster.addresses.put(id, transport.localAddress());
            }
            cluster.replicas.forEach(r -> r.connectToReplicas(cluster.addresses));
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    ReplicaTransport replica(int id) {
        return replicas.get(id);
    }

    RecordingListener listener(int id) {
        return listeners.get(id);
    }

    Map<Integer, InetSocketAddress> addresses() {
        return Map.copyOf(addresses);
    }

    /** True when every replica has its outbound link to every other replica up. */
    boolean fullyConnected() {
        for (int i = 0; i < replicas.size(); i++) {
            for (int j = 0; j < replicas.size(); j++) {
                if (i != j && !listeners.get(i).isConnected(PeerId.replica(j))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Stops replica {@code id} and starts a fresh one, same identity and address. */
    void restart(int id) throws IOException {
        replicas.get(id).close();
        RecordingListener listener = new RecordingListener();
        ReplicaTransport transport = ReplicaTransport.bind(pki.replica(id), addresses.get(id), settings.apply(id),
                listener);
        replicas.set(id, transport);
        listeners.set(id, listener);
        transport.connectToReplicas(addresses);
    }

    @Override
    public void close() {
        replicas.forEach(ReplicaTransport::close);
    }
}
