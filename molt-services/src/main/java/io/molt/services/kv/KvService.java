package io.molt.services.kv;

import io.molt.api.ExecutionContext;
import io.molt.api.ServiceException;
import io.molt.api.StateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Objects;

/**
 * A replicated key-value store of byte strings. Execution works on a hash map (constant
 * time per command, millions of keys); order is imposed only when a snapshot is written.
 * Every command is checked in full before it changes anything, so a refused command leaves
 * the store as it was.
 */
public final class KvService implements StateMachine {
    private final KvLimits limits;
    private HashMap<ByteKey, byte[]> entries = new HashMap<>();

    public KvService() {
        this(KvLimits.DEFAULT);
    }

    public KvService(KvLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public KvLimits limits() {
        return limits;
    }

    /** Keys currently held. */
    public int size() {
        return entries.size();
    }

    @Override
    public byte[] execute(byte[] command, ExecutionContext context) {
        KvCommand decoded = KvCommands.decode(command);
        checkKey(decoded.key());
        ByteKey key = new ByteKey(decoded.key());
        if (decoded instanceof KvCommand.Get) {
            return KvResults.value(entries.get(key));
        } else if (decoded instanceof KvCommand.Put put) {
            checkValue("value", put.value());
            checkRoomFor(key);
            return KvResults.value(entries.put(key, put.value()));
        } else if (decoded instanceof KvCommand.Delete) {
            return KvResults.value(entries.remove(key));
        } else if (decoded instanceof KvCommand.Cas cas) {
            return cas(key, cas);
        }
        throw new AssertionError("unhandled kv command " + decoded);
    }

    private byte[] cas(ByteKey key, KvCommand.Cas cas) {
        if (cas.expected() != null) {
            checkValue("expected value", cas.expected());
        }
        if (cas.update() != null) {
            checkValue("new value", cas.update());
        }
        byte[] current = entries.get(key);
        boolean matches = cas.expected() == null ? current == null : Arrays.equals(current, cas.expected());
        if (!matches) {
            return KvResults.cas(false, current);
        }
        if (cas.update() == null) {
            entries.remove(key);
        } else {
            checkRoomFor(key);
            entries.put(key, cas.update());
        }
        return KvResults.cas(true, cas.update());
    }

    @Override
    public byte[] query(byte[] query) {
        KvCommand decoded = KvCommands.decode(query);
        if (!(decoded instanceof KvCommand.Get)) {
            throw new ServiceException("kv: " + KvCommands.name(query[0] & 0xff)
                    + " is not read-only; send it as an ordered operation");
        }
        checkKey(decoded.key());
        return KvResults.value(entries.get(new ByteKey(decoded.key())));
    }

    private void checkKey(byte[] key) {
        if (key.length > limits.maxKeyBytes()) {
            throw new ServiceException("kv: key " + ByteKey.describe(key) + " is " + key.length
                    + " bytes; the limit is " + limits.maxKeyBytes());
        }
    }

    private void checkValue(String what, byte[] value) {
        if (value.length > limits.maxValueBytes()) {
            throw new ServiceException("kv: " + what + " is " + value.length + " bytes; the limit is "
                    + limits.maxValueBytes());
        }
    }

    private void checkRoomFor(ByteKey key) {
        if (entries.size() >= limits.maxKeys() && !entries.containsKey(key)) {
            throw new ServiceException("kv: store is full (" + limits.maxKeys() + " keys); cannot add key " + key);
        }
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        KvSnapshot.write(entries, out);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        entries = KvSnapshot.read(in, limits);
    }
}
