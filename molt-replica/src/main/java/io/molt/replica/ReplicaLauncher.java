package io.molt.replica;

import io.molt.api.StateMachine;
import io.molt.core.config.MoltConfig;
import io.molt.core.config.ReplicaAddress;
import io.molt.core.crypto.CertificateInfo;
import io.molt.core.crypto.Credentials;
import io.molt.core.crypto.Ed25519Keys;
import io.molt.core.protocol.ReplicaKeys;
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
        Credentials credentials = KeyDirectory.loadCredentials(config.keysDir(), PeerId.replica(id));
        return options(config, id, credentials, ReplicaKeys.initial(KeyDirectory.replicaPublicKeys(config.keysDir(),
                config.n())), config.durable() ? config.dataDir(id) : null);
    }

    /**
     * Resolves what replica {@code id} needs with credentials and keys handed over by the
     * controller (a refreshed replica), keeping its durable state in {@code dataDir} (null:
     * none).
     */
    public static ReplicaOptions options(MoltConfig config, int id, Credentials credentials, ReplicaKeys keys,
            java.nio.file.Path dataDir) throws IOException {
        config.replica(id);
        StateMachine service = ServiceRegistry.builtIn().factory(config.service()).create();
        Map<Integer, InetSocketAddress> addresses = new HashMap<>();
        for (ReplicaAddress a : config.replicas()) {
            addresses.put(a.id(), new InetSocketAddress(a.host(), a.port()));
        }
        CertificateInfo own;
        try {
            own = CertificateInfo.of(credentials.certificate());
        } catch (java.security.cert.CertificateParsingException e) {
            throw new IOException("replica " + id + "'s certificate cannot be read: " + e.getMessage(), e);
        }
        return new ReplicaOptions(id, config.quorums(), config.protocol(), config.codecLimits(), credentials,
                addresses, keys, own.epochs().first(),
                Ed25519Keys.rawPublicKey(credentials.authority().getPublicKey()), service, transportSettings(config),
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                config.limits().clientMessagesPerSecond(), dataDir);
    }

    /** The transport settings of every replica of {@code config}. */
    public static TransportSettings transportSettings(MoltConfig config) {
        return TransportSettings.replicaDefaults().withMaxFrameBytes(config.limits().maxFrameBytes())
                .withOutboundQueueBytes(config.limits().replicaQueueBytes());
    }
}
