package io.molt.core.message;

/** Wire tags. Values are part of the format: never renumber, only add. */
public enum MessageType {
    REQUEST(1),
    REPLY(2),
    PROPOSE(3),
    PREPARE(4),
    COMMIT(5),
    VIEW_STATE(6),
    NEW_VIEW(7),
    DECIDED(8),
    DECISION_QUERY(9),
    REJOIN_REQUEST(10),
    STATUS_QUERY(11),
    STATUS_REPORT(12),
    CHECKPOINT(13),
    MANIFEST_REQUEST(14),
    SNAPSHOT_MANIFEST(15),
    CHUNK_REQUEST(16),
    SNAPSHOT_CHUNK(17),
    EPOCH_CHANGE(18),
    KEY_QUERY(19),
    KEY_REPORT(20);

    private static final MessageType[] BY_TAG = new MessageType[32];

    static {
        for (MessageType t : values()) {
            BY_TAG[t.tag] = t;
        }
    }

    private final int tag;

    MessageType(int tag) {
        this.tag = tag;
    }

    public int tag() {
        return tag;
    }

    /** The type for a tag, or {@code null} when the tag is unknown. */
    public static MessageType fromTag(int tag) {
        return tag >= 0 && tag < BY_TAG.length ? BY_TAG[tag] : null;
    }
}
