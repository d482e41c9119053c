package io.molt.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.api.ExecutionContext;
import io.molt.api.StateMachine;
import io.molt.core.message.Batch;
import io.molt.core.message.Reply;
import io.molt.core.message.Request;
import io.molt.core.state.Snapshot;
import io.molt.core.state.StateImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionSnapshotTest {

    /** Appends every command to a log: its snapshot grows with what it executed. */
    static final class LogService implements StateMachine {
        final java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();

        @Override
        public byte[] execute(byte[] command, ExecutionContext context) {
            log.writeBytes(command);
            return new byte[] {(byte) log.size()};
        }

        @Override
        public byte[] query(byte[] query) {
            return log.toByteArray();
        }

        @Override
        public void writeSnapshot(OutputStream out) throws IOException {
            new DataOutputStream(out).writeInt(log.size());
            out.write(log.toByteArray());
        }

        @Override
        public void restore(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            log.reset();
            log.write(data.readNBytes(data.readInt()));
        }
    }

    private static Batch batch(long slot, Request... requests) {
        return Batch.create(slot, 0, 0, List.of(requests), List.of());
    }

    @Test
    void aRestoredEngineContinuesExactlyLikeTheOriginal() {
        ExecutionEngine original = new ExecutionEngine(0, new LogService(), 64);
        original.execute(0, 1, batch(1, new Request(5, 1, false, new byte[] {1}), new Request(6, 1, false, new byte[] {2})));
        original.execute(0, 2, batch(2, new Request(5, 2, false, new byte[300])));
        Snapshot snapshot = original.snapshot(new byte[] {42, 43}, 128);

        ExecutionEngine restored = new ExecutionEngine(3, new LogService(), 64);
        restored.restore(snapshot);
        assertThat(restored.lastExecuted()).isEqualTo(2);
        assertThat(restored.requestsExecuted()).isEqualTo(original.requestsExecuted()).isEqualTo(3);
        assertThat(restored.executionDigest()).isEqualTo(original.executionDigest());
        assertThat(restored.stateDigest()).isEqualTo(original.stateDigest());
        assertThat(StateImage.readHeader(snapshot).protocolState()).containsExactly(42, 43);

        // Retransmissions get the cached reply, under the restoring replica's name.
        Reply cached = restored.cachedReply(5, 2);
        assertThat(cached).isNotNull();
        assertThat(cached.replicaId()).isEqualTo(3);
        assertThat(cached.result()).isEqualTo(original.cachedReply(5, 2).result());
        assertThat(cached.slot()).isEqualTo(2);

        // Duplicates stay duplicates, new requests execute: both engines agree from here.
        Batch next = batch(3, new Request(5, 2, false, new byte[] {9}), new Request(6, 2, false, new byte[] {3}));
        List<Reply> a = original.execute(0, 3, next);
        List<Reply> b = restored.execute(0, 3, next);
        assertThat(b).hasSize(1);
        assertThat(b.get(0).result()).isEqualTo(a.get(0).result());
        assertThat(restored.requestsExecuted()).as("the duplicate is not counted").isEqualTo(4);
        assertThat(restored.executionDigest()).isEqualTo(original.executionDigest());
        assertThat(restored.snapshot(new byte[0], 128).digest()).isEqualTo(original.snapshot(new byte[0], 128).digest());
    }

    @Test
    void replicasAtTheSameSlotTakeIdenticalSnapshots() {
        ExecutionEngine a = new ExecutionEngine(0, new LogService(), 16);
        ExecutionEngine b = new ExecutionEngine(1, new LogService(), 16);
        for (long s = 1; s <= 40; s++) {
            Batch batch = batch(s, new Request(s % 3, s, false, new byte[] {(byte) s}));
            a.execute(0, s, batch);
            b.execute(0, s, batch);
        }
        assertThat(a.snapshot(new byte[] {1}, 64).digest()).isEqualTo(b.snapshot(new byte[] {1}, 64).digest());
        assertThat(a.snapshot(new byte[] {1}, 64).digest()).isNotEqualTo(a.snapshot(new byte[] {2}, 64).digest());
    }
}
