package io.molt.services.counter;

import io.molt.api.ServiceException;
import io.molt.services.codec.ByteReader;
import io.molt.services.codec.DecodeException;
import java.nio.ByteBuffer;

/**
 * The counter's command format, shared by the client helper and the state machine so it is
 * defined once. A command is one opcode byte followed by the opcode's fields, big-endian:
 *
 * <pre>
 *   0x01 INCREMENT  delta:i64
 *   0x02 GET
 * </pre>
 *
 * <p>Opcodes are the version: a changed layout gets a new opcode and the old one keeps its
 * meaning, so replicas and clients of different builds never misread each other.
 */
public final class CounterCommands {
    static final int INCREMENT = 0x01;
    static final int GET = 0x02;

    private static final byte[] GET_COMMAND = {GET};

    private CounterCommands() {}

    public static byte[] increment(long delta) {
        return ByteBuffer.allocate(1 + Long.BYTES).put((byte) INCREMENT).putLong(delta).array();
    }

    public static byte[] get() {
        return GET_COMMAND.clone();
    }

    /**
     * Decodes a command.
     *
     * @throws ServiceException when the bytes are not a counter command; the message says why
     */
    public static CounterCommand decode(byte[] command) {
        if (command.length == 0) {
            throw new ServiceException("counter: empty command (expected an opcode byte)");
        }
        ByteReader in = new ByteReader(command);
        int opcode = in.u8("opcode");
        try {
            CounterCommand decoded = switch (opcode) {
                case INCREMENT -> new CounterCommand.Increment(in.i64("increment delta"));
                case GET -> new CounterCommand.Get();
                default -> throw new ServiceException(String.format(
                        "counter: unknown opcode 0x%02x (known: 0x01 increment, 0x02 get)", opcode));
            };
            in.expectEnd(name(opcode) + " command");
            return decoded;
        } catch (DecodeException e) {
            throw new ServiceException("counter: malformed " + name(opcode) + " command: " + e.getMessage());
        }
    }

    private static String name(int opcode) {
        return opcode == INCREMENT ? "increment" : "get";
    }
}
