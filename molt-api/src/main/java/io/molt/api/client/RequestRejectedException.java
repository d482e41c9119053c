package io.molt.api.client;

/**
 * The replicas refused to accept the request at all: too large, too far ahead of the
 * client's window, or the replicas are overloaded. Nothing was executed.
 */
public class RequestRejectedException extends MoltException {
    private static final long serialVersionUID = 1L;

    public RequestRejectedException(String message) {
        super(message);
    }
}
