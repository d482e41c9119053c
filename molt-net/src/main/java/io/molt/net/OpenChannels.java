package io.molt.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every channel a transport created, so that closing the transport closes its sockets
 * itself. Shutting the event loops down is not enough: with epoll, an accepted socket has
 * been seen to outlive its event loop, leaving the peer with a connection that is
 * established but never read, and so never redialed.
 */
final class OpenChannels {
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /** Tracks {@code channel} until it closes; closes it at once when the transport is closing. */
    void add(Channel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(done -> channels.remove(channel));
        // Checked after adding: either closeAll sees the channel, or this sees the flag.
        if (closing) {
            channel.close();
        }
    }

    /**
     * Closes every channel and waits, up to {@code patience}, for them to be closed; pass
     * {@link Duration#ZERO} on an event-loop thread, which must never block.
     */
    void closeAll(Duration patience) {
        closing = true;
        List<ChannelFuture> closed = channels.stream().map(Channel::close).toList();
        long deadline = System.nanoTime() + patience.toNanos();
        for (ChannelFuture future : closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            future.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left));
        }
    }
}
