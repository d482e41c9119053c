package io.molt.api;

/**
 * Thrown by a {@link StateMachine} to refuse a command. The message travels to the client
 * and must be the same on every replica.
 */
public class ServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServiceException(String message) {
        super(message);
    }
}
