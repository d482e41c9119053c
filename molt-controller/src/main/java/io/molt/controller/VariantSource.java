package io.molt.controller;

/**
 * Chooses the variant of a replica's next incarnation. The seam for what comes later:
 * re-obfuscated builds and a diversity manager that avoids shared vulnerabilities are other
 * implementations of this.
 */
public interface VariantSource {
    /**
     * The variant replica {@code replica} runs in epoch {@code epoch}, given the one it ran
     * before (null when unknown).
     */
    Variant next(int replica, long epoch, Variant predecessor);
}
