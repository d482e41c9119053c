package io.molt.core.config;

import io.molt.core.codec.CodecLimits;
import io.molt.core.quorum.Quorums;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A whole deployment, resolved once from {@code molt.yaml} by {@link ConfigLoader}: who the
 * replicas are, what they tolerate, which service they run, and how they are tuned. Only
 * the CLI and process wiring read files; everything else receives one of these.
 *
 * @param t Byzantine replicas tolerated
 * @param r replicas that may be recovering (refreshed) at the same time
 * @param service name of the replicated service, such as {@code counter} or {@code kv}
 * @param replicas one entry per replica, in id order: {@code replicas.get(i).id() == i}
 * @param keysDir directory with {@code ca.crt}, {@code replica-N.crt/.key} and {@code client-N.crt/.key};
 *     absolute when loaded from a file
 * @param storageDir root of the replicas' data directories; absolute when loaded from a file
 * @param refresh how the controller refreshes the replicas (only the controller reads it)
 * @param durable whether replicas keep their votes, decided batches and snapshots on disk
 *     (under {@code storageDir}) and recover from them after a crash
 */
public record MoltConfig(int t, int r, String service, List<ReplicaAddress> replicas, Path keysDir, Path storageDir,
        boolean durable, ProtocolSettings protocol, LimitSettings limits, ClientSettings client,
        RefreshSettings refresh) {

    /** Most replicas an ensemble may have; the wire format bounds replica sets by it. */
    public static final int MAX_REPLICAS = CodecLimits.DEFAULT.maxReplicas();

    /** What a service name may look like. */
    static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]*");

    public MoltConfig {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(keysDir, "keysDir");
        Objects.requireNonNull(storageDir, "storageDir");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(refresh, "refresh");
        replicas = List.copyOf(replicas);
        // Normalized so that equal directories give equal configurations.
        keysDir = keysDir.normalize();
        storageDir = storageDir.normalize();
        if (!SERVICE_NAME.matcher(service).matches()) {
            throw new IllegalArgumentException("not a service name: '" + service + "'");
        }
        if (replicas.size() > MAX_REPLICAS) {
            throw new IllegalArgumentException("at most " + MAX_REPLICAS + " replicas: " + replicas.size());
        }
        for (int i = 0; i < replicas.size(); i++) {
            if (replicas.get(i).id() != i) {
                throw new IllegalArgumentException("replicas must be listed by id 0..n-1; entry " + i + " has id "
                        + replicas.get(i).id());
            }
        }
        new Quorums(replicas.size(), t, r); // checks n >= 3t + 2r + 1
        if (protocol.batchMaxBytes() > LimitSettings.maxPayloadBytes(limits.maxFrameBytes())) {
            throw new IllegalArgumentException("a batch of " + protocol.batchMaxBytes() + " bytes does not fit in a "
                    + limits.maxFrameBytes() + "-byte frame");
        }
    }

    /** Number of replicas. */
    public int n() {
        return replicas.size();
    }

    public Quorums quorums() {
        return new Quorums(n(), t, r);
    }

    /**
     * The decoder limits this deployment implies, the same on replicas and clients: frames
     * as configured, payloads and batches at least as large as the settings allow (and as
     * the defaults), everything else at the defaults.
     */
    public CodecLimits codecLimits() {
        CodecLimits d = CodecLimits.DEFAULT;
        int maxPayload = LimitSettings.maxPayloadBytes(limits.maxFrameBytes());
        return new CodecLimits(limits.maxFrameBytes(),
                Math.min(maxPayload, Math.max(limits.maxRequestBytes(), d.maxPayloadBytes())),
                Math.max(protocol.batchMaxRequests(), d.maxBatchRequests()),
                Math.min(maxPayload, Math.max(protocol.batchMaxBytes(), d.maxBatchBytes())),
                d.maxReplicas(), d.maxWriteSet());
    }

    /** Replica {@code id}'s own data directory. */
    public Path dataDir(int id) {
        return storageDir.resolve("replica-" + id);
    }

    /** The same deployment with durability switched on or off. */
    public MoltConfig withDurable(boolean on) {
        return new MoltConfig(t, r, service, replicas, keysDir, storageDir, on, protocol, limits, client, refresh);
    }

    /** The same deployment refreshed as {@code settings} say. */
    public MoltConfig withRefresh(RefreshSettings settings) {
        return new MoltConfig(t, r, service, replicas, keysDir, storageDir, durable, protocol, limits, client,
                settings);
    }

    /** The address of replica {@code id}. */
    public ReplicaAddress replica(int id) {
        if (id < 0 || id >= n()) {
            throw new IllegalArgumentException("no replica " + id + " in an ensemble of " + n());
        }
        return replicas.get(id);
    }
}
