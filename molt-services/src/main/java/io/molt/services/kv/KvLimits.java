package io.molt.services.kv;

/**
 * What a key-value store accepts. Every replica must use the same limits: they decide
 * which commands are refused, and refusals are part of the replicated result.
 *
 * <p>The store holds at most {@code maxKeys} keys so that a full store refuses writes
 * deterministically on every replica instead of running every replica out of memory at once.
 * The transport's request limit applies on top: a put larger than it never reaches the store.
 *
 * @param maxKeyBytes longest key, in bytes
 * @param maxValueBytes longest value, in bytes
 * @param maxKeys most keys held at once
 */
public record KvLimits(int maxKeyBytes, int maxValueBytes, int maxKeys) {

    public static final KvLimits DEFAULT = new KvLimits(1024, 1 << 20, 1 << 24);

    public KvLimits {
        if (maxKeyBytes < 1 || maxValueBytes < 0 || maxKeys < 1) {
            throw new IllegalArgumentException("kv limits out of range (need maxKeyBytes >= 1, maxValueBytes >= 0,"
                    + " maxKeys >= 1): " + this);
        }
    }
}
