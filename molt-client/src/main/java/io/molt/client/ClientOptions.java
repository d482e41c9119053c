package io.molt.client;

import io.molt.core.codec.CodecLimits;
import io.molt.core.crypto.Credentials;
import io.molt.core.quorum.Quorums;
import io.molt.net.TransportSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * How a client reaches the ensemble.
 *
 * @param credentials the client's key and certificate; its id is the one the replicas see
 * @param replicas every replica's address
 * @param requestTimeout how long to wait for a quorum before sending a request again
 * @param maxAttempts sends of one request (the first and the retransmissions) before it fails
 * @param maxInFlight operations outstanding at once; further calls wait, and also while the
 *     new one's sequence number would be {@code 2 * maxInFlight} or more ahead of the oldest
 *     outstanding one. {@code 2 * maxInFlight} must not exceed the replicas' client window,
 *     or a request held up while later ones complete could expire
 */
public record ClientOptions(Credentials credentials, Map<Integer, InetSocketAddress> replicas, Quorums quorums,
        Duration requestTimeout, int maxAttempts, int maxInFlight, CodecLimits codecLimits,
        TransportSettings transport) {

    public ClientOptions {
        replicas = Map.copyOf(replicas);
        if (replicas.size() != quorums.n()) {
            throw new IllegalArgumentException(replicas.size() + " replica addresses for n=" + quorums.n());
        }
        if (requestTimeout.toMillis() < 1 || maxAttempts < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("requestTimeout, maxAttempts and maxInFlight must be positive");
        }
    }
}
