package io.molt.core.protocol;

import io.molt.core.message.Batch;
import io.molt.core.message.Message;
import io.molt.core.message.Request;
import io.molt.core.message.StatusQuery;
import io.molt.core.state.Snapshot;
import java.util.ArrayList;
import java.util.List;

/** Effects collected into lists, for tests that drive one core by hand. */
final class RecordingEffects implements Effects {
    record Sent(int to, Message message) {}

    record Delivery(long slot, Batch batch) {}

    record Query(Request request, long minExecutedSlot) {}

    record CheckpointAsked(long slot, byte[] protocolState) {}

    record Served(int peer, Message request) {}

    static final int ALL = -1;

    final List<Sent> sent = new ArrayList<>();
    final List<Sent> toClients = new ArrayList<>();
    final List<Delivery> delivered = new ArrayList<>();
    final List<Query> queries = new ArrayList<>();
    final List<Notice> notices = new ArrayList<>();
    final List<CheckpointAsked> checkpoints = new ArrayList<>();
    final List<Snapshot> installed = new ArrayList<>();
    final List<Served> served = new ArrayList<>();
    final List<Evidence> evidence = new ArrayList<>();
    final List<VoteRecord> persisted = new ArrayList<>();

    @Override
    public void send(int replica, Message message) {
        sent.add(new Sent(replica, message));
    }

    @Override
    public void broadcast(Message message) {
        sent.add(new Sent(ALL, message));
    }

    @Override
    public void propose(io.molt.core.message.Propose unsigned) {
        broadcast(unsigned);
    }

    @Override
    public void sendToClient(long clientId, Message message) {
        toClients.add(new Sent((int) clientId, message));
    }

    @Override
    public void persist(VoteRecord record) {
        persisted.add(record);
    }

    @Override
    public void deliver(long epoch, long slot, Batch batch) {
        delivered.add(new Delivery(slot, batch));
    }

    @Override
    public void query(Request request, long minExecutedSlot) {
        queries.add(new Query(request, minExecutedSlot));
    }

    @Override
    public void resendReply(long clientId, long seq) {
    }

    @Override
    public void status(long clientId, StatusQuery query, CoreStatus core) {
    }

    @Override
    public void notice(Notice notice) {
        notices.add(notice);
    }

    @Override
    public void checkpoint(long slot, byte[] protocolState) {
        checkpoints.add(new CheckpointAsked(slot, protocolState));
    }

    @Override
    public void install(Snapshot snapshot) {
        installed.add(snapshot);
    }

    @Override
    public void serveState(int peer, Message request) {
        served.add(new Served(peer, request));
    }

    @Override
    public void evidence(Evidence e) {
        evidence.add(e);
    }

    <T extends Message> List<T> broadcasts(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Sent s : sent) {
            if (s.to() == ALL && type.isInstance(s.message())) {
                out.add(type.cast(s.message()));
            }
        }
        return out;
    }

    boolean noticed(Notice.Kind kind) {
        return notices.stream().anyMatch(n -> n.kind() == kind);
    }

    void clear() {
        checkpoints.clear();
        installed.clear();
        served.clear();
        evidence.clear();
        sent.clear();
        toClients.clear();
        delivered.clear();
        queries.clear();
        notices.clear();
    }
}
