package io.molt.client;

import io.molt.core.config.LimitSettings;
import io.molt.core.config.MoltConfig;
import io.molt.core.config.ReplicaAddress;
import io.molt.core.id.PeerId;
import io.molt.core.keys.KeyDirectory;
import io.molt.net.TransportSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Builds clients from a deployment's configuration and key directory. */
public final class MoltClients {
    /** Operations a client keeps in flight by default: well inside the replicas' client window. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 512;

    private MoltClients() {}

    /** Options for client {@code clientId} of the deployment {@code config}. */
    public static ClientOptions options(MoltConfig config, long clientId) throws IOException {
        Map<Integer, InetSocketAddress> replicas = new HashMap<>();
        for (ReplicaAddress a : config.replicas()) {
            replicas.put(a.id(), new InetSocketAddress(a.host(), a.port()));
        }
        LimitSettings limits = config.limits();
        int maxInFlight = Math.min(DEFAULT_MAX_IN_FLIGHT, Math.max(1, config.protocol().clientWindow() / 2));
        return new ClientOptions(KeyDirectory.loadCredentials(config.keysDir(), PeerId.client(clientId)), replicas,
                config.quorums(), config.client().requestTimeout(), config.client().maxRetries() + 1, maxInFlight,
                config.codecLimits(), TransportSettings.clientDefaults().withMaxFrameBytes(limits.maxFrameBytes())
                        .withOutboundQueueBytes(limits.clientQueueBytes()));
    }

    /** Connects client {@code clientId} of the deployment {@code config}. */
    public static ReplicatedClient connect(MoltConfig config, long clientId) throws IOException {
        return ReplicatedClient.connect(options(config, clientId));
    }

    /** Same, with a different timeout per attempt (the demo uses shorter ones). */
    public static ReplicatedClient connect(MoltConfig config, long clientId, Duration requestTimeout) throws IOException {
        ClientOptions o = options(config, clientId);
        return ReplicatedClient.connect(new ClientOptions(o.credentials(), o.replicas(), o.quorums(), requestTimeout,
                o.maxAttempts(), o.maxInFlight(), o.codecLimits(), o.transport()));
    }
}
