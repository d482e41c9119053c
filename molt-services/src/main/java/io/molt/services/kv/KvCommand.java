package io.molt.services.kv;

/**
 * A decoded key-value command; {@link KvCommands} defines the bytes. A {@code null} value
 * means "absent" wherever the format allows it.
 */
public sealed interface KvCommand {

    /** The key every command names. */
    byte[] key();

    /** Answers the key's value, or absent; allowed as an ordered command and as a query. */
    record Get(byte[] key) implements KvCommand {}

    /** Sets the key's value and answers the previous value, or absent. */
    record Put(byte[] key, byte[] value) implements KvCommand {}

    /** Removes the key and answers the previous value, or absent when there was none. */
    record Delete(byte[] key) implements KvCommand {}

    /**
     * Compare-and-set: when the key's current value equals {@code expected} ({@code null}: the
     * key is absent), sets it to {@code update} ({@code null}: removes the key). Answers
     * whether it swapped and the key's value afterwards.
     */
    record Cas(byte[] key, byte[] expected, byte[] update) implements KvCommand {}
}
