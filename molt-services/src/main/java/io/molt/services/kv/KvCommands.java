package io.molt.services.kv;

import io.molt.api.ServiceException;
import io.molt.services.codec.ByteReader;
import io.molt.services.codec.DecodeException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The key-value command format, shared by {@link KvClient} and {@link KvService} so it is
 * defined once. A command is one opcode byte followed by the opcode's fields, big-endian.
 * A byte string is a u32 length and the bytes; an optional byte string is a presence flag
 * (0 absent, 1 present) followed, when present, by the byte string.
 *
 * <pre>
 *   0x01 GET     key
 *   0x02 PUT     key value
 *   0x03 DELETE  key
 *   0x04 CAS     key expected:optional update:optional
 * </pre>
 *
 * <p>Opcodes are the version: a changed layout gets a new opcode and the old one keeps its
 * meaning. Decoding is strict (flags are 0 or 1, no trailing bytes), so every command has
 * exactly one encoding. Limits on sizes are the service's business, not the format's.
 */
public final class KvCommands {
    static final int GET = 0x01;
    static final int PUT = 0x02;
    static final int DELETE = 0x03;
    static final int CAS = 0x04;

    private KvCommands() {}

    public static byte[] get(byte[] key) {
        return withKey(GET, key, 0).array();
    }

    public static byte[] put(byte[] key, byte[] value) {
        Objects.requireNonNull(value, "value");
        ByteBuffer buf = withKey(PUT, key, 4 + value.length);
        return buf.putInt(value.length).put(value).array();
    }

    public static byte[] delete(byte[] key) {
        return withKey(DELETE, key, 0).array();
    }

    /**
     * @param expected the value the key must hold for the swap, or {@code null}: the key must be absent
     * @param update the value to set, or {@code null}: remove the key
     */
    public static byte[] cas(byte[] key, byte[] expected, byte[] update) {
        ByteBuffer buf = withKey(CAS, key, optionalSize(expected) + optionalSize(update));
        putOptional(buf, expected);
        putOptional(buf, update);
        return buf.array();
    }

    /** Encodes a decoded command again; {@code encode(decode(b))} gives back {@code b}. */
    public static byte[] encode(KvCommand command) {
        if (command instanceof KvCommand.Get get) {
            return get(get.key());
        } else if (command instanceof KvCommand.Put put) {
            return put(put.key(), put.value());
        } else if (command instanceof KvCommand.Delete delete) {
            return delete(delete.key());
        } else if (command instanceof KvCommand.Cas cas) {
            return cas(cas.key(), cas.expected(), cas.update());
        }
        throw new AssertionError("unhandled kv command " + command);
    }

    /** A buffer of exactly the command's size, holding the opcode and key. */
    private static ByteBuffer withKey(int opcode, byte[] key, int restBytes) {
        Objects.requireNonNull(key, "key");
        return ByteBuffer.allocate(1 + 4 + key.length + restBytes).put((byte) opcode).putInt(key.length).put(key);
    }

    private static int optionalSize(byte[] value) {
        return value == null ? 1 : 1 + 4 + value.length;
    }

    private static void putOptional(ByteBuffer buf, byte[] value) {
        if (value == null) {
            buf.put((byte) 0);
        } else {
            buf.put((byte) 1).putInt(value.length).put(value);
        }
    }

    /**
     * Decodes a command.
     *
     * @throws ServiceException when the bytes are not a kv command; the message says why
     */
    public static KvCommand decode(byte[] command) {
        if (command.length == 0) {
            throw new ServiceException("kv: empty command (expected an opcode byte)");
        }
        ByteReader in = new ByteReader(command);
        int opcode = in.u8("opcode");
        String name = name(opcode);
        try {
            KvCommand decoded = switch (opcode) {
                case GET -> new KvCommand.Get(in.lengthPrefixed("key"));
                case PUT -> new KvCommand.Put(in.lengthPrefixed("key"), in.lengthPrefixed("value"));
                case DELETE -> new KvCommand.Delete(in.lengthPrefixed("key"));
                case CAS -> new KvCommand.Cas(in.lengthPrefixed("key"), optional(in, "expected value"),
                        optional(in, "new value"));
                default -> throw new ServiceException(String.format(
                        "kv: unknown opcode 0x%02x (known: 0x01 get, 0x02 put, 0x03 delete, 0x04 cas)", opcode));
            };
            in.expectEnd(name + " command");
            return decoded;
        } catch (DecodeException e) {
            throw new ServiceException("kv: malformed " + name + " command: " + e.getMessage());
        }
    }

    private static byte[] optional(ByteReader in, String what) {
        return in.flag(what + " presence flag") ? in.lengthPrefixed(what) : null;
    }

    static String name(int opcode) {
        return switch (opcode) {
            case GET -> "get";
            case PUT -> "put";
            case DELETE -> "delete";
            case CAS -> "cas";
            default -> "unknown";
        };
    }
}
