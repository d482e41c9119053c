package io.molt.services.kv;

import io.molt.api.client.MoltClient;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Typed access to a replicated key-value store over any {@link MoltClient}. Keys and values
 * are byte strings; absent values are {@link Optional#empty()}. Failures surface as the
 * client's {@code MoltException}s; a refused command (a key or value over the store's
 * limits, a full store) as a {@code ServiceErrorException}.
 */
public final class KvClient {
    private final MoltClient client;

    public KvClient(MoltClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Reads a key with a read-only query: no ordering unless the replicas disagree. */
    public Optional<byte[]> get(byte[] key) {
        return KvResults.decodeValue(client.query(KvCommands.get(key)));
    }

    public CompletableFuture<Optional<byte[]>> getAsync(byte[] key) {
        return client.queryAsync(KvCommands.get(key)).thenApply(KvResults::decodeValue);
    }

    /** Reads a key through the total order, after every operation ordered before it. */
    public Optional<byte[]> getOrdered(byte[] key) {
        return KvResults.decodeValue(client.invoke(KvCommands.get(key)));
    }

    public CompletableFuture<Optional<byte[]>> getOrderedAsync(byte[] key) {
        return client.invokeAsync(KvCommands.get(key)).thenApply(KvResults::decodeValue);
    }

    /** Sets a key and returns its previous value. */
    public Optional<byte[]> put(byte[] key, byte[] value) {
        return KvResults.decodeValue(client.invoke(KvCommands.put(key, value)));
    }

    public CompletableFuture<Optional<byte[]>> putAsync(byte[] key, byte[] value) {
        return client.invokeAsync(KvCommands.put(key, value)).thenApply(KvResults::decodeValue);
    }

    /** Removes a key and returns the value it had; empty when it did not exist. */
    public Optional<byte[]> delete(byte[] key) {
        return KvResults.decodeValue(client.invoke(KvCommands.delete(key)));
    }

    public CompletableFuture<Optional<byte[]>> deleteAsync(byte[] key) {
        return client.invokeAsync(KvCommands.delete(key)).thenApply(KvResults::decodeValue);
    }

    /**
     * Sets {@code key} to {@code update} if it currently holds {@code expected}.
     *
     * @param expected the value required for the swap, or {@code null}: the key must be absent
     * @param update the value to set, or {@code null}: remove the key
     */
    public CasResult cas(byte[] key, byte[] expected, byte[] update) {
        return KvResults.decodeCas(client.invoke(KvCommands.cas(key, expected, update)));
    }

    public CompletableFuture<CasResult> casAsync(byte[] key, byte[] expected, byte[] update) {
        return client.invokeAsync(KvCommands.cas(key, expected, update)).thenApply(KvResults::decodeCas);
    }
}
