package io.molt.replica;

import io.molt.api.StateMachine;
import io.molt.core.codec.CodecLimits;
import io.molt.core.config.ProtocolSettings;
import io.molt.core.crypto.Credentials;
import io.molt.core.protocol.ReplicaKeys;
import io.molt.core.quorum.Quorums;
import io.molt.net.TransportSettings;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Everything one replica process needs, resolved: no files are read past this point.
 *
 * @param addresses every replica's address, this one's included (it listens there)
 * @param replicaKeys which key speaks for each replica at which slot, as far as this replica
 *     knows when it starts (the keys the ensemble started with, or the controller's table for
 *     a refreshed replica); the core follows epoch changes from there
 * @param incarnation the epoch whose change introduced this replica's key (0: the ensemble's
 *     first keys), the first epoch its certificate covers
 * @param authorityKey the controller's raw Ed25519 public key (the certificate authority's),
 *     which signs epoch changes
 * @param verifierThreads threads of the signature-verification stage
 * @param clientMessagesPerSecond most messages taken from one client per second
 * @param dataDir where this replica keeps its durable state, or null to keep none (a
 *     restart then begins empty and fetches the state from the peers)
 */
public record ReplicaOptions(int id, Quorums quorums, ProtocolSettings protocol, CodecLimits codecLimits,
        Credentials credentials, Map<Integer, InetSocketAddress> addresses, ReplicaKeys replicaKeys,
        long incarnation, byte[] authorityKey,
        StateMachine service, TransportSettings transport, int verifierThreads, int clientMessagesPerSecond,
        java.nio.file.Path dataDir) {

    public ReplicaOptions {
        addresses = Map.copyOf(addresses);
        if (!addresses.containsKey(id)) {
            throw new IllegalArgumentException("no address for replica " + id);
        }
        if (verifierThreads < 1) {
            throw new IllegalArgumentException("verifierThreads must be at least 1");
        }
    }
}
