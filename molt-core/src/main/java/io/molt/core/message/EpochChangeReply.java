package io.molt.core.message;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.WireReader;
import io.molt.core.codec.WireWriter;

/**
 * The result replicas send the controller once an epoch is in effect at them: the epoch,
 * the slot whose execution started it and its first slot,
 * {@code i64 epoch | i64 executedAt | i64 firstSlot}. The reply carries the epoch as its
 * sequence number; the controller accepts it from {@code t + 1} replicas alike.
 */
public record EpochChangeReply(long epoch, long executedAt, long firstSlot) {

    public byte[] encode() {
        return new WireWriter(24).i64(epoch).i64(executedAt).i64(firstSlot).toByteArray();
    }

    public static EpochChangeReply decode(byte[] result) throws CodecException {
        WireReader in = new WireReader(result);
        EpochChangeReply reply = new EpochChangeReply(in.nonNegative("epoch"), in.nonNegative("executed at"),
                in.nonNegative("first slot"));
        in.expectEnd("epoch change reply");
        return reply;
    }
}
