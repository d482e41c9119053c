package io.molt.net;

import io.molt.core.id.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.security.cert.X509Certificate;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One authenticated connection and its outbound queue.
 *
 * <p>Senders run on foreign threads (the protocol thread) and must not pay a task and an
 * event-loop wakeup per frame, which is what {@code writeAndFlush} from outside the loop
 * costs. So {@link #send} only appends to a lock-free queue and, when no drain is pending,
 * schedules one. The drain runs on the channel's event loop, packs queued frames into a
 * few large buffers, and flushes once: a burst of thousands of frames costs one wakeup,
 * a handful of writes and one flush.
 *
 * <p>The queue is bounded in bytes; past the bound {@link #send} drops the frame and says
 * so. The protocol tolerates loss (it retransmits on timeouts), and an unbounded queue
 * behind a slow or malicious peer would take the replica's memory with it. The drain
 * stops while the channel is not writable, so Netty's own buffer stays near its high
 * water mark, and resumes when the channel drains ({@link #resumeDrain}).
 */
final class PeerConnection {
    /** Small frames are packed into buffers of about this size; larger ones go alone. */
    private static final int BATCH_BYTES = 64 * 1024;

    private final Channel channel;
    private final PeerId peer;
    private final long incarnation;
    private final X509Certificate certificate;
    private final long queueLimitBytes;
    private final TransportCounters counters;
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    /**
     * True while a drain is scheduled, or while the drain is blocked on writability (then
     * the writability change resumes it). Either way senders need not schedule one.
     */
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    /** Set while frames queued by {@link #enqueue} wait for the owner's flush. */
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile boolean closed;

    PeerConnection(Channel channel, PeerId peer, long incarnation, X509Certificate certificate, long queueLimitBytes,
            TransportCounters counters) {
        this.channel = channel;
        this.peer = peer;
        this.incarnation = incarnation;
        this.certificate = certificate;
        this.queueLimitBytes = queueLimitBytes;
        this.counters = counters;
    }

    PeerId peer() {
        return peer;
    }

    /** Which incarnation of the peer admission said the certificate belongs to. */
    long incarnation() {
        return incarnation;
    }

    X509Certificate certificate() {
        return certificate;
    }

    Channel channel() {
        return channel;
    }

    /**
     * Queues {@code frame} for this connection, from any thread. The array is read later,
     * on the event loop: the caller must not change it afterwards.
     *
     * @return false when the frame was dropped: the connection closed or the queue is full
     */
    boolean send(byte[] frame) {
        return enqueue(frame) && flush();
    }

    /**
     * Queues {@code frame} without arranging for it to be written: a later {@link #flush}
     * (or any send) does. Lets a caller that produces many frames at once pay for one drain.
     *
     * @return false when the frame was dropped: the connection closed or the queue is full
     */
    boolean enqueue(byte[] frame) {
        long cost = cost(frame);
        if (closed) {
            counters.dropped(1);
            return false;
        }
        if (queuedBytes.addAndGet(cost) > queueLimitBytes) {
            queuedBytes.addAndGet(-cost);
            counters.dropped(1);
            return false;
        }
        queue.offer(frame);
        return true;
    }

    /**
     * Arranges for everything queued to be written, unless a drain is already pending.
     *
     * @return false when the connection is shutting down and what was queued is lost
     */
    boolean flush() {
        if (queue.isEmpty() || !drainPending.compareAndSet(false, true)) {
            return true;
        }
        try {
            channel.eventLoop().execute(drainTask);
            return true;
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down with the transport: nothing queued will be sent.
            closed = true;
            discardQueued();
            return false;
        }
    }

    /** Marks the connection as holding frames that wait for a flush; true if it was not already. */
    boolean markDirty() {
        return dirty.compareAndSet(false, true);
    }

    /** Clears the mark before flushing, so frames queued afterwards mark it again. */
    void clearDirty() {
        dirty.set(false);
    }

    /** Drains again once the channel is writable; called on the event loop. */
    void resumeDrain() {
        // Deferred rather than run in place: writability changes fire from inside flush(),
        // which may itself be running inside a drain.
        channel.eventLoop().execute(drainTask);
    }

    /** Closes the channel; what is still queued is dropped. */
    void close() {
        channel.close();
    }

    /** Marks the connection closed and drops what is queued; called on the event loop when the channel is inactive. */
    void markClosed() {
        closed = true;
        discardQueued();
    }

    private void drain() {
        // Cleared before polling: a frame queued after this point is either polled below or
        // its sender sees the flag clear and schedules another drain. Nothing is stranded.
        drainPending.set(false);
        if (!channel.isActive()) {
            discardQueued();
            return;
        }
        ByteBuf batch = null;
        int frames = 0;
        long bytes = 0;
        while (channel.isWritable()) {
            byte[] frame = queue.poll();
            if (frame == null) {
                break;
            }
            queuedBytes.addAndGet(-cost(frame));
            int size = FrameDecoder.LENGTH_BYTES + frame.length;
            if (batch != null && batch.maxWritableBytes() < size) {
                write(batch);
                batch = null;
            }
            if (size > BATCH_BYTES) {
                // Wrapped, not copied: the TLS handler copies large frames into records anyway.
                write(Unpooled.wrappedBuffer(Unpooled.buffer(FrameDecoder.LENGTH_BYTES).writeInt(frame.length),
                        Unpooled.wrappedBuffer(frame)));
            } else {
                if (batch == null) {
                    int expected = (int) Math.min(BATCH_BYTES, size + Math.max(0, queuedBytes.get()));
                    batch = channel.alloc().directBuffer(expected, BATCH_BYTES);
                }
                batch.writeInt(frame.length).writeBytes(frame);
            }
            frames++;
            bytes += frame.length;
        }
        if (batch != null) {
            write(batch);
        }
        if (frames > 0) {
            counters.sent(frames, bytes);
            channel.flush();
        }
        if (!channel.isWritable() && !queue.isEmpty()) {
            // Blocked: channelWritabilityChanged resumes us; meanwhile senders need not wake the loop.
            drainPending.set(true);
        }
    }

    private void write(ByteBuf buffer) {
        channel.write(buffer, channel.voidPromise());
    }

    private void discardQueued() {
        int dropped = 0;
        for (byte[] frame = queue.poll(); frame != null; frame = queue.poll()) {
            queuedBytes.addAndGet(-cost(frame));
            dropped++;
        }
        if (dropped > 0) {
            counters.dropped(dropped);
        }
    }

    private static long cost(byte[] frame) {
        return (long) FrameDecoder.LENGTH_BYTES + frame.length;
    }

    @Override
    public String toString() {
        return peer + (incarnation > 0 ? "/e" + incarnation : "") + "@" + channel.remoteAddress();
    }
}
