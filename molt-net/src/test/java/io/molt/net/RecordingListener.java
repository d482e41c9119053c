package io.molt.net;

import io.molt.core.id.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Remembers everything a transport delivered. */
final class RecordingListener implements FrameListener {

    record Received(PeerId from, byte[] frame) {
        String text() {
            return new String(frame, StandardCharsets.UTF_8);
        }
    }

    private final Queue<Received> frames = new ConcurrentLinkedQueue<>();
    private final AtomicLong count = new AtomicLong();
    private final Set<PeerId> connected = ConcurrentHashMap.newKeySet();
    private final Set<PeerId> everConnected = ConcurrentHashMap.newKeySet();

    static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void onFrame(PeerId from, byte[] frame) {
        frames.add(new Received(from, frame));
        count.incrementAndGet();
    }

    @Override
    public void onConnected(PeerId peer) {
        connected.add(peer);
        everConnected.add(peer);
    }

    @Override
    public void onDisconnected(PeerId peer) {
        connected.remove(peer);
    }

    long count() {
        return count.get();
    }

    List<Received> frames() {
        return List.copyOf(frames);
    }

    List<String> textsFrom(PeerId peer) {
        return frames.stream().filter(r -> r.from().equals(peer)).map(Received::text).toList();
    }

    boolean isConnected(PeerId peer) {
        return connected.contains(peer);
    }

    boolean everConnected(PeerId peer) {
        return everConnected.contains(peer);
    }
}
