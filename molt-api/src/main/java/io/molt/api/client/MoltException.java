package io.molt.api.client;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Base of every error a {@link MoltClient} reports. */
public class MoltException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MoltException(String message) {
        super(message);
    }

    public MoltException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Waits for a future and rethrows its failure as a {@link MoltException}. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MoltException("interrupted while waiting for a reply", e);
        } catch (CancellationException e) {
            throw new MoltException("operation cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                    ? c.getCause()
                    : e.getCause();
            if (cause instanceof MoltException me) {
                throw me;
            }
            throw new MoltException("operation failed: " + cause, cause);
        }
    }
}
