package io.molt.services.workload;

/**
 * One operation of a synthetic workload, ready to send.
 *
 * @param kind a short label for metrics and logs, such as {@code put} or {@code increment}
 * @param payload the encoded command
 * @param readOnly whether to send it as a read-only query rather than an ordered operation
 */
public record WorkloadOp(String kind, byte[] payload, boolean readOnly) {}
