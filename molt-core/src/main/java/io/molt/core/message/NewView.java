package io.molt.core.message;

import java.util.List;

/**
 * The leader of {@code view} for {@code slot} starts the view: {@code states} is a sound
 * collection of signed view states (at least a quorum), and {@code batch} is the value the
 * collection binds, or the leader's fresh proposal when it binds none.
 */
public record NewView(long slot, int view, List<ViewState> states, Batch batch) implements Message {

    public NewView {
        states = List.copyOf(states);
    }

    @Override
    public MessageType type() {
        return MessageType.NEW_VIEW;
    }
}
