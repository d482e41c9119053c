package io.molt.api.client;

/** The client was closed before the operation completed. */
public class ClientClosedException extends MoltException {
    private static final long serialVersionUID = 1L;

    public ClientClosedException(String message) {
        super(message);
    }
}
