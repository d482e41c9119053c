package io.molt.api.client;

/** No quorum of matching replies arrived before the operation's deadline. */
public class MoltTimeoutException extends MoltException {
    private static final long serialVersionUID = 1L;

    public MoltTimeoutException(String message) {
        super(message);
    }
}
