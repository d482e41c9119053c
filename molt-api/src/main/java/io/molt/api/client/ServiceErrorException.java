package io.molt.api.client;

/**
 * The service refused the operation (a quorum of replicas agreed on the refusal), for
 * example an unknown command. Retrying the same operation gives the same answer.
 */
public class ServiceErrorException extends MoltException {
    private static final long serialVersionUID = 1L;

    public ServiceErrorException(String message) {
        super(message);
    }
}
