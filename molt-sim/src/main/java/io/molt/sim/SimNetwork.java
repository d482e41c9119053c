package io.molt.sim;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.CodecLimits;
import io.molt.core.codec.MessageCodec;
import io.molt.core.message.Message;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A simulated network between replicas and clients: loss, duplication, delays that
 * reorder, and partitions, all drawn from the run's seeded random source and all lifted
 * when the fault plan heals. Crashed and silent replicas are cut off here too.
 */
final class SimNetwork {
    /** Stands for "a client" where partitions and faults need a replica id. */
    private static final int CLIENT = -1;

    /** What a replica attached to the network receives. */
    interface ReplicaEnd {
        /**
         * {@code frame} is the message's encoding, as the transport would have carried it;
         * {@code incarnation} names the sender's key, as its channel's certificate would.
         */
        void fromReplica(int from, long incarnation, Message m, ByteBuffer frame);

        void fromClient(long clientId, Message m);
    }

    /** What a client attached to the network receives. */
    interface ClientEnd {
        void fromReplica(int from, Message m);
    }

    private final MessageCodec codec = new MessageCodec(CodecLimits.DEFAULT);
    private final SimScheduler scheduler;
    private final FaultPlan plan;
    private final Random random;
    private final Map<Integer, ReplicaEnd> replicas = new HashMap<>();
    private final Map<Long, ClientEnd> clients = new HashMap<>();
    private final Set<Integer> down = new HashSet<>();
    private final Set<Integer> silent;
    private long sent;
    private long dropped;

    SimNetwork(SimScheduler scheduler, FaultPlan plan, Random random) {
        this.scheduler = scheduler;
        this.plan = plan;
        this.random = random;
        this.silent = new HashSet<>(plan.silent());
    }

    /** The replica's process was replaced by a fresh one: it is not silent any more. */
    void refreshed(int replica) {
        silent.remove(replica);
    }

    void attach(int replica, ReplicaEnd end) {
        replicas.put(replica, end);
    }

    void attach(long client, ClientEnd end) {
        clients.put(client, end);
    }

    void crash(int replica) {
        down.add(replica);
    }

    /** A crashed replica comes back (as whatever end is attached for it now). */
    void restart(int replica) {
        down.remove(replica);
    }

    boolean isDown(int replica) {
        return down.contains(replica);
    }

    /**
     * Every message crosses the simulated network as its wire encoding and is decoded on
     * arrival, as on real channels, so the codec carries all the protocol's traffic here too.
     */
    void replicaToReplica(int from, long incarnation, int to, Message m) {
        byte[] frame = codec.encode(m);
        send(from, to, () -> {
            if (!isDown(to)) {
                replicas.get(to).fromReplica(from, incarnation, decode(frame), ByteBuffer.wrap(frame));
            }
        });
    }

    void clientToReplica(long client, int to, Message m) {
        byte[] frame = codec.encode(m);
        send(CLIENT, to, () -> {
            if (!isDown(to)) {
                replicas.get(to).fromClient(client, decode(frame));
            }
        });
    }

    void replicaToClient(int from, long client, Message m) {
        ClientEnd end = clients.get(client);
        if (end != null) {
            byte[] frame = codec.encode(m);
            send(from, CLIENT, () -> end.fromReplica(from, decode(frame)));
        }
    }

    private Message decode(byte[] frame) {
        try {
            return codec.decode(frame);
        } catch (CodecException e) {
            throw new InvariantViolation("codec: a frame a correct node encoded does not decode: " + e.getMessage());
        }
    }

    private void send(int from, int to, Runnable delivery) {
        sent++;
        if (from != CLIENT && (isDown(from) || silent.contains(from))) {
            dropped++;
            return;
        }
        long now = scheduler.now();
        boolean faulty = now < plan.healAt();
        if (faulty && (plan.partitioned(from, to, now) || random.nextDouble() < plan.dropRate())) {
            dropped++;
            return;
        }
        scheduler.after(delay(faulty), delivery);
        if (faulty && random.nextDouble() < plan.duplicateRate()) {
            scheduler.after(delay(true), delivery);
        }
    }

    private long delay(boolean faulty) {
        long min = plan.minDelayMillis();
        long max = faulty ? plan.maxDelayMillis() : Math.min(plan.maxDelayMillis(), min + 2);
        return min + (max > min ? random.nextInt((int) (max - min + 1)) : 0);
    }

    long sent() {
        return sent;
    }

    long dropped() {
        return dropped;
    }
}
