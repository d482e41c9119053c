package io.molt.services.counter;

import io.molt.api.client.MoltException;
import java.nio.ByteBuffer;

/** The counter's result format: every command answers the counter's value as an i64. */
public final class CounterResults {
    private CounterResults() {}

    public static byte[] value(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    /**
     * Decodes a result.
     *
     * @throws MoltException when the bytes are not a counter result, which means the client
     *     talks to a service that is not a counter
     */
    public static long decodeValue(byte[] result) {
        if (result.length != Long.BYTES) {
            throw new MoltException("malformed counter result: expected 8 bytes, got " + result.length
                    + " (is the service a counter?)");
        }
        return ByteBuffer.wrap(result).getLong();
    }
}
