package io.molt.api.client;

import java.util.concurrent.CompletableFuture;

/**
 * Invokes operations on a replicated service. Implementations are thread-safe and may
 * have many operations in flight at once.
 *
 * <p>An ordered operation completes once {@code t + 1} replicas sent matching
 * authenticated replies; a read-only operation completes once {@code 2t + r + 1} replicas
 * agree without ordering, and is ordered like any other operation when they do not.
 * Futures complete exceptionally with a {@link MoltException}.
 */
public interface MoltClient extends AutoCloseable {

    /** Orders and executes an operation; the future holds the service's result. */
    CompletableFuture<byte[]> invokeAsync(byte[] operation);

    /** Runs a query that does not change state. */
    CompletableFuture<byte[]> queryAsync(byte[] query);

    /** Blocking form of {@link #invokeAsync}. */
    default byte[] invoke(byte[] operation) {
        return MoltException.join(invokeAsync(operation));
    }

    /** Blocking form of {@link #queryAsync}. */
    default byte[] query(byte[] query) {
        return MoltException.join(queryAsync(query));
    }

    @Override
    void close();
}
