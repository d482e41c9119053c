package io.molt.services.kv;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The canonical snapshot of a key-value store. Entries are sorted by the unsigned bytes of
 * their keys, so equal stores give equal bytes whatever their insertion order, hash seed or
 * JVM; replicas compare snapshot digests, so this is a correctness property, not a nicety.
 *
 * <pre>
 *   magic "MKVS"  version:u8 (1)  count:u32
 *   count x ( keyLength:u32 key  valueLength:u32 value )   keys strictly increasing
 * </pre>
 *
 * <p>Reading is strict: anything but exactly this layout within the store's limits is
 * refused, since a snapshot may come from a replica we do not trust.
 */
final class KvSnapshot {
    static final int MAGIC = 0x4D4B5653; // "MKVS"
    static final int VERSION = 1;
    private static final int BUFFER_BYTES = 64 * 1024;
    /** Enough to avoid most rehashing, small enough that a forged count allocates little. */
    private static final int MAX_PRESIZE = 1 << 20;

    private KvSnapshot() {}

    static void write(Map<ByteKey, byte[]> entries, OutputStream out) throws IOException {
        ByteKey[] keys = entries.keySet().toArray(new ByteKey[0]);
        Arrays.sort(keys);
        // Not closed: the stream belongs to the caller.
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, BUFFER_BYTES));
        data.writeInt(MAGIC);
        data.writeByte(VERSION);
        data.writeInt(keys.length);
        for (ByteKey key : keys) {
            byte[] value = entries.get(key);
            data.writeInt(key.bytes().length);
            data.write(key.bytes());
            data.writeInt(value.length);
            data.write(value);
        }
        data.flush();
    }

    /** Reads a whole snapshot; the caller's state is untouched until this returns. */
    static HashMap<ByteKey, byte[]> read(InputStream in, KvLimits limits) throws IOException {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in, BUFFER_BYTES));
        try {
            int magic = data.readInt();
            if (magic != MAGIC) {
                throw new IOException(String.format("not a kv snapshot: magic 0x%08x", magic));
            }
            int version = data.readUnsignedByte();
            if (version != VERSION) {
                throw new IOException("unsupported kv snapshot version " + version + " (this build reads " + VERSION
                        + ")");
            }
            int count = length(data, "entry count", limits.maxKeys());
            HashMap<ByteKey, byte[]> entries = new HashMap<>(capacityFor(Math.min(count, MAX_PRESIZE)));
            ByteKey previous = null;
            for (int i = 0; i < count; i++) {
                ByteKey key = new ByteKey(bytes(data, "key of entry " + i, limits.maxKeyBytes()));
                if (previous != null && previous.compareTo(key) >= 0) {
                    throw new IOException("kv snapshot entry " + i + ": key " + key + " is not greater than the key "
                            + previous + " before it (keys must be sorted and unique)");
                }
                entries.put(key, bytes(data, "value of entry " + i, limits.maxValueBytes()));
                previous = key;
            }
            if (data.read() != -1) {
                throw new IOException("kv snapshot has bytes after its " + count + " entries");
            }
            return entries;
        } catch (EOFException e) {
            throw new IOException("kv snapshot truncated", e);
        }
    }

    private static int length(DataInputStream data, String what, int max) throws IOException {
        int v = data.readInt();
        if (v < 0 || v > max) {
            throw new IOException("kv snapshot " + what + " " + Integer.toUnsignedString(v) + " exceeds the limit "
                    + max);
        }
        return v;
    }

    private static byte[] bytes(DataInputStream data, String what, int max) throws IOException {
        int len = length(data, what + " length", max);
        // readNBytes grows with what actually arrives, so a forged length costs nothing extra.
        byte[] b = data.readNBytes(len);
        if (b.length != len) {
            throw new EOFException();
        }
        return b;
    }

    private static int capacityFor(int entries) {
        return (int) (entries / 0.75f) + 1;
    }
}
