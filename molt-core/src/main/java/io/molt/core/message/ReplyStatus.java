package io.molt.core.message;

/** How a replica answered a request. Wire values are fixed. */
public enum ReplyStatus {
    /** Executed; the result is the service's output. */
    OK(0),
    /** Executed and refused by the service; the result is its UTF-8 message. */
    SERVICE_ERROR(1),
    /** Not accepted for ordering (too large, outside the client's window, overload). */
    REJECTED(2),
    /** Not accepted now because the replica is overloaded; the client may retry later. */
    BUSY(3);

    private final int code;

    ReplyStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status for a code, or {@code null} when the code is unknown. */
    public static ReplyStatus fromCode(int code) {
        for (ReplyStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
