package io.molt.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A replicated service: a deterministic state machine.
 *
 * <p>Molt calls every method from one thread, in the same order on every replica. An
 * implementation must be deterministic: the same commands in the same order must produce
 * the same results and the same snapshot bytes on every replica, whatever the JVM, clock,
 * locale or hash seed. Never read the wall clock, random numbers or files from here;
 * anything that varies must come in through the command or the {@link ExecutionContext}.
 */
public interface StateMachine {

    /**
     * Executes one ordered command and returns its result.
     *
     * @throws ServiceException when the command is invalid; the message is returned to the
     *     client, so it must be deterministic too. State must be left unchanged.
     */
    byte[] execute(byte[] command, ExecutionContext context);

    /**
     * Answers a query without changing state. Replicas answer these without ordering, and
     * the client accepts the answer only when a quorum of replicas agrees on it.
     *
     * @throws ServiceException when the query is invalid or not read-only
     */
    byte[] query(byte[] query);

    /** Writes a canonical snapshot: equal states must give byte-for-byte equal output. */
    void writeSnapshot(OutputStream out) throws IOException;

    /** Replaces the whole state with the one a snapshot describes. */
    void restore(InputStream in) throws IOException;
}
