package io.molt.core.state;

import io.molt.core.crypto.Digest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header every checkpoint snapshot starts with:
 * {@code "MOLTSNAP" | u8 version | i64 slot | digest executionChain | u32 n | n bytes protocol state},
 * followed by the execution stage's client table and the service's own snapshot (see
 * {@code ExecutionEngine}). The protocol state is the core's (proposer schedule and
 * ordered-request windows), so a replica that installs a snapshot restores both halves of
 * a replica from one certified digest.
 */
public final class StateImage {
    private static final byte[] MAGIC = "MOLTSNAP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 2; // 2: the requests-executed count after the protocol state
    /** Generous: the protocol state is a few bytes per client and replica. */
    private static final int MAX_PROTOCOL_STATE = 64 << 20;

    private StateImage() {}

    /** What the header says. */
    public record Header(long slot, Digest executionChain, byte[] protocolState) {}

    public static void writeHeader(DataOutputStream out, long slot, Digest executionChain, byte[] protocolState)
            throws IOException {
        out.write(MAGIC);
        out.writeByte(VERSION);
        out.writeLong(slot);
        out.write(executionChain.toBytes());
        out.writeInt(protocolState.length);
        out.write(protocolState);
    }

    /** Reads the header, leaving {@code in} at the client table. */
    public static Header readHeader(DataInputStream in) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a Molt snapshot");
        }
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("snapshot version " + version + ", this build reads " + VERSION);
        }
        long slot = in.readLong();
        byte[] chain = in.readNBytes(Digest.LENGTH);
        if (chain.length != Digest.LENGTH) {
            throw new IOException("snapshot truncated in its header");
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_PROTOCOL_STATE) {
            throw new IOException("snapshot protocol state of " + length + " bytes");
        }
        byte[] state = in.readNBytes(length);
        if (state.length != length) {
            throw new IOException("snapshot truncated in its protocol state");
        }
        return new Header(slot, Digest.of(chain), state);
    }

    /** The header of a whole snapshot. */
    public static Header readHeader(Snapshot snapshot) {
        try (InputStream in = snapshot.open()) {
            return readHeader(new DataInputStream(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable snapshot header: " + e.getMessage(), e);
        }
    }
}
