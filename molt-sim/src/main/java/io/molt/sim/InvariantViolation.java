package io.molt.sim;

/** A safety or liveness property failed in a simulated run. */
public final class InvariantViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvariantViolation(String message) {
        super(message);
    }
}
