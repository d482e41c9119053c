package io.molt.services.testing;

import io.molt.api.ExecutionContext;
import io.molt.api.ServiceException;
import io.molt.api.StateMachine;
import io.molt.api.client.ClientClosedException;
import io.molt.api.client.MoltClient;
import io.molt.api.client.ServiceErrorException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A {@link MoltClient} over one in-process state machine, for testing typed clients: it
 * executes every operation directly, as a single correct replica would.
 */
public final class LocalMoltClient implements MoltClient {
    private final StateMachine service;
    private long seq;
    private boolean closed;

    public LocalMoltClient(StateMachine service) {
        this.service = service;
    }

    @Override
    public synchronized CompletableFuture<byte[]> invokeAsync(byte[] operation) {
        long s = seq++;
        return run(() -> service.execute(operation, new ExecutionContext(1, s, 0, s)));
    }

    @Override
    public synchronized CompletableFuture<byte[]> queryAsync(byte[] query) {
        return run(() -> service.query(query));
    }

    private CompletableFuture<byte[]> run(Supplier<byte[]> operation) {
        if (closed) {
            return CompletableFuture.failedFuture(new ClientClosedException("closed"));
        }
        try {
            return CompletableFuture.completedFuture(operation.get());
        } catch (ServiceException e) {
            return CompletableFuture.failedFuture(new ServiceErrorException(e.getMessage()));
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
