package io.molt.net;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/** The event-loop threads of one transport, on epoll where the platform has it, else NIO. */
final class EventLoops {
    /**
     * Netty's per-channel buffer limits. Our own queue holds the backlog; this only needs to
     * be large enough to keep the socket busy between drains.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final EventLoopGroup group;
    private final boolean epoll;

    private EventLoops(EventLoopGroup group, boolean epoll) {
        this.group = group;
        this.epoll = epoll;
    }

    /** Starts {@code threads} non-daemon event loops named {@code name-N}. */
    static EventLoops start(int threads, String name) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new EventLoops(new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, false), io),
                epoll);
    }

    EventLoopGroup group() {
        return group;
    }

    /** One loop of the group, round robin. */
    EventLoop next() {
        return group.next();
    }

    /** "epoll" or "nio", for logs. */
    String kind() {
        return epoll ? "epoll" : "nio";
    }

    Class<? extends SocketChannel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    Class<? extends ServerSocketChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Whether the calling thread is one of these loops (which must never block). */
    boolean inEventLoop() {
        for (EventExecutor loop : group) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops the threads (closing any channel still open); waits for them unless called from
     * one of them, which cannot wait for itself to end.
     */
    void shutdown() {
        var terminated = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (!inEventLoop()) {
            terminated.awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }
}
