package io.molt.services.kv;

import io.molt.api.client.MoltException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The key-value result format. The opcode of the command fixes the layout, so results need
 * no tag of their own; a value runs to the end of the result, since its length is implied.
 *
 * <pre>
 *   GET, PUT, DELETE  0x00                  absent
 *                     0x01 value-bytes...   present
 *   CAS               flags value-bytes...  flags bit 0: swapped, bit 1: value present
 * </pre>
 */
public final class KvResults {
    private static final int ABSENT = 0;
    private static final int PRESENT = 1;
    private static final int CAS_SWAPPED = 1;
    private static final int CAS_PRESENT = 2;

    private KvResults() {}

    /** An optional value: the result of get, and the previous value for put and delete. */
    public static byte[] value(byte[] valueOrNull) {
        return tagged(valueOrNull == null ? ABSENT : PRESENT, valueOrNull);
    }

    public static byte[] cas(boolean swapped, byte[] currentOrNull) {
        return tagged((swapped ? CAS_SWAPPED : 0) | (currentOrNull == null ? 0 : CAS_PRESENT), currentOrNull);
    }

    private static byte[] tagged(int tag, byte[] valueOrNull) {
        if (valueOrNull == null) {
            return new byte[] {(byte) tag};
        }
        byte[] out = new byte[1 + valueOrNull.length];
        out[0] = (byte) tag;
        System.arraycopy(valueOrNull, 0, out, 1, valueOrNull.length);
        return out;
    }

    /**
     * Decodes the result of get, put or delete.
     *
     * @throws MoltException when the bytes are not such a result
     */
    public static Optional<byte[]> decodeValue(byte[] result) {
        int tag = tag(result);
        if (tag == ABSENT && result.length == 1) {
            return Optional.empty();
        }
        if (tag == PRESENT) {
            return Optional.of(Arrays.copyOfRange(result, 1, result.length));
        }
        throw malformed("value", "tag " + tag + " with " + (result.length - 1) + " value bytes");
    }

    /**
     * Decodes the result of cas.
     *
     * @throws MoltException when the bytes are not such a result
     */
    public static CasResult decodeCas(byte[] result) {
        int flags = tag(result);
        boolean present = (flags & CAS_PRESENT) != 0;
        if (flags > (CAS_SWAPPED | CAS_PRESENT) || (!present && result.length != 1)) {
            throw malformed("cas", "flags " + flags + " with " + (result.length - 1) + " value bytes");
        }
        byte[] current = present ? Arrays.copyOfRange(result, 1, result.length) : null;
        return new CasResult((flags & CAS_SWAPPED) != 0, current);
    }

    private static int tag(byte[] result) {
        if (result.length == 0) {
            throw malformed("kv", "empty result");
        }
        return result[0] & 0xff;
    }

    private static MoltException malformed(String kind, String detail) {
        return new MoltException("malformed " + kind + " result: " + detail + " (is the service a kv store?)");
    }
}
