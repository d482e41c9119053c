package io.molt.core.codec;

/**
 * Hard limits on what a decoder accepts. Every length and count on the wire is checked
 * against one of these before anything is allocated.
 *
 * @param maxFrameBytes largest frame, whole message included
 * @param maxPayloadBytes largest request payload or reply result
 * @param maxBatchRequests most requests in one batch
 * @param maxBatchBytes largest encoded batch
 * @param maxReplicas most replicas in an ensemble (bounds replica ids and collections)
 * @param maxWriteSet most entries in one write set
 */
public record CodecLimits(int maxFrameBytes, int maxPayloadBytes, int maxBatchRequests, int maxBatchBytes,
        int maxReplicas, int maxWriteSet) {

    /** Signature length of Ed25519. */
    public static final int SIGNATURE_BYTES = 64;

    public static final CodecLimits DEFAULT = new CodecLimits(16 << 20, 1 << 20, 4096, 8 << 20, 64, 64);

    public CodecLimits {
        if (maxFrameBytes < 1024 || maxPayloadBytes < 0 || maxBatchRequests < 1 || maxBatchBytes < 1024
                || maxReplicas < 1 || maxWriteSet < 1) {
            throw new IllegalArgumentException("codec limits out of range: " + this);
        }
        if (maxBatchBytes > maxFrameBytes - 1024) {
            throw new IllegalArgumentException("a batch must fit in a frame: maxBatchBytes " + maxBatchBytes
                    + " > maxFrameBytes - 1024");
        }
    }
}
