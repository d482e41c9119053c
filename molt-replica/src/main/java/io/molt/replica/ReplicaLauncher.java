package io.molt.replica;

import io.molt.api.StateMachine;
import io.molt.core.config.MoltConfig;
import io.molt.core.config.ReplicaAddress;
import io.molt.core.crypto.ReplicaKeyRing;
import io.molt.core.id.PeerId;
import io.molt.core.keys.KeyDirectory;
import io.molt.net.TransportSettings;
import io.molt.services.ServiceRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/** Resolves a replica's options from the deployment's configuration and key directory. */
public final class ReplicaLauncher {
    private ReplicaLauncher() {}

    /** Reads the keys and resolves everything replica {@code id} needs; starts nothing. */
    public static ReplicaOptions options(MoltConfig config, int id) throws IOException {
        config.replica(id);
        StateMachine service = ServiceRegistry.builtIn().factory(config.service()).create();
        Map<Integer, InetSocketAddress> addresses = new HashMap<>();
        for (ReplicaAddress a : config.replicas()) {
            addresses.put(a.id(), new InetSocketAddress(a.host(), a.port()));
        }
        return new ReplicaOptions(id, config.quorums(), config.protocol(), config.codecLimits(),
                KeyDirectory.loadCredentials(config.keysDir(), PeerId.replica(id)), addresses,
                new ReplicaKeyRing(KeyDirectory.replicaPublicKeys(config.keysDir(), config.n())), service,
                TransportSettings.replicaDefaults().withMaxFrameBytes(config.limits().maxFrameBytes())
                        .withOutboundQueueBytes(config.limits().replicaQueueBytes()),
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                config.limits().clientMessagesPerSecond(), config.durable() ? config.dataDir(id) : null);
    }
}
