package io.molt.bench.check;

import java.util.Objects;

/**
 * One operation on one key of the kv service, as a client saw it: when it was invoked, when
 * (and with what) it returned, or that it never returned. Values are strings; {@code null}
 * means "absent".
 *
 * @param client the invoking client thread, for reports
 * @param kind what was asked
 * @param argument the value put, or the expected value of a compare-and-set
 * @param update the new value of a compare-and-set
 * @param invokedNanos when it was sent
 * @param returnedNanos when its result arrived, or {@link Long#MAX_VALUE} when it never did
 * @param result the value returned: the previous value (put, delete), the value read (get),
 *     or the value after the command (compare-and-set)
 * @param swapped whether a compare-and-set swapped
 */
public record KvOp(int client, Kind kind, String argument, String update, long invokedNanos, long returnedNanos,
        String result, boolean swapped) {

    public enum Kind { GET, PUT, DELETE, CAS }

    /** An operation whose outcome is unknown: it may have taken effect, once, or not at all. */
    public boolean indeterminate() {
        return returnedNanos == Long.MAX_VALUE;
    }

    /**
     * Applies this operation to a register holding {@code state}. Returns the new state, or
     * {@link #ILLEGAL} when the recorded result could not have come from {@code state}.
     */
    Object apply(String state) {
        boolean check = !indeterminate();
        return switch (kind) {
            case GET -> !check || Objects.equals(result, state) ? state : ILLEGAL;
            case PUT -> !check || Objects.equals(result, state) ? argument : ILLEGAL;
            case DELETE -> !check || Objects.equals(result, state) ? null : ILLEGAL;
            case CAS -> {
                boolean matches = Objects.equals(state, argument);
                if (!check) {
                    yield matches ? update : state;
                }
                if (matches) {
                    yield swapped && Objects.equals(result, update) ? update : ILLEGAL;
                }
                yield !swapped && Objects.equals(result, state) ? state : ILLEGAL;
            }
        };
    }

    /** Marks an impossible step. */
    static final Object ILLEGAL = new Object();

    @Override
    public String toString() {
        String call = switch (kind) {
            case GET -> "get";
            case PUT -> "put(" + argument + ")";
            case DELETE -> "delete";
            case CAS -> "cas(" + argument + " -> " + update + ")";
        };
        String ret = indeterminate() ? "?" : kind == Kind.CAS ? (swapped ? "swapped, " : "kept, ") + result : result;
        return "c" + client + " " + call + " = " + ret + " [" + invokedNanos / 1000 + "us, "
                + (indeterminate() ? "never" : returnedNanos / 1000 + "us") + "]";
    }
}
