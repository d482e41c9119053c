package io.molt.services.counter;

import io.molt.api.client.MoltClient;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Typed access to a replicated counter over any {@link MoltClient}. Failures surface as the
 * client's {@code MoltException}s; a refused command (overflow) as a
 * {@code ServiceErrorException}.
 */
public final class CounterClient {
    private final MoltClient client;

    public CounterClient(MoltClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Adds {@code delta} (which may be negative) and returns the new value. */
    public long increment(long delta) {
        return CounterResults.decodeValue(client.invoke(CounterCommands.increment(delta)));
    }

    public CompletableFuture<Long> incrementAsync(long delta) {
        return client.invokeAsync(CounterCommands.increment(delta)).thenApply(CounterResults::decodeValue);
    }

    /** Reads the value with a read-only query: no ordering unless the replicas disagree. */
    public long get() {
        return CounterResults.decodeValue(client.query(CounterCommands.get()));
    }

    public CompletableFuture<Long> getAsync() {
        return client.queryAsync(CounterCommands.get()).thenApply(CounterResults::decodeValue);
    }

    /** Reads the value through the total order, after every operation ordered before it. */
    public long getOrdered() {
        return CounterResults.decodeValue(client.invoke(CounterCommands.get()));
    }

    public CompletableFuture<Long> getOrderedAsync() {
        return client.invokeAsync(CounterCommands.get()).thenApply(CounterResults::decodeValue);
    }
}
