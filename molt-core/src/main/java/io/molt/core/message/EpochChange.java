package io.molt.core.message;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.CodecException.Kind;
import io.molt.core.codec.CodecLimits;
import io.molt.core.codec.WireReader;
import io.molt.core.codec.WireWriter;
import io.molt.core.crypto.Ed25519;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The controller's order to start epoch {@code epoch}: the listed replicas are refreshed,
 * each with a new key and the certificate that names it. Signed with the controller's
 * (the certificate authority's) key. The controller hands it to every replica as a client;
 * any proposer puts it into a batch, and it takes effect where that batch is executed, on
 * every correct replica alike (docs/PROTOCOL.md, "Epochs and refresh").
 *
 * <p>{@code notAfterMillis} (wall-clock milliseconds since 1970) bounds how long replicas
 * accept the order from a client: a stale order replayed later is refused on arrival. The
 * clock plays no part in execution, which checks the signature and that the epoch is the
 * next one.
 */
public record EpochChange(long epoch, long notAfterMillis, List<Refresh> refreshes, byte[] signature)
        implements Message {

    /** Largest certificate carried (DER); Ed25519 certificates are a few hundred bytes. */
    public static final int MAX_CERTIFICATE_BYTES = 4096;
    private static final byte[] SIGNED_TAG = "molt/epoch-change/1".getBytes(StandardCharsets.US_ASCII);

    /** One replica refreshed: its new raw Ed25519 public key and the certificate (DER) for it. */
    public record Refresh(int replicaId, byte[] publicKey, byte[] certificate) {
        public Refresh {
            if (replicaId < 0 || replicaId > 0xffff || publicKey.length != Ed25519.PUBLIC_KEY_BYTES
                    || certificate.length > MAX_CERTIFICATE_BYTES) {
                throw new IllegalArgumentException("refresh of replica " + replicaId + " with a "
                        + publicKey.length + "-byte key and a " + certificate.length + "-byte certificate");
            }
            publicKey = publicKey.clone();
            certificate = certificate.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] certificate() {
            return certificate.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Refresh r && replicaId == r.replicaId && Arrays.equals(publicKey, r.publicKey)
                    && Arrays.equals(certificate, r.certificate);
        }

        @Override
        public int hashCode() {
            return replicaId * 31 + Arrays.hashCode(publicKey);
        }

        @Override
        public String toString() {
            return "r" + replicaId;
        }
    }

    public EpochChange {
        if (epoch < 1 || notAfterMillis < 0 || refreshes.isEmpty() || refreshes.size() > 0xffff
                || signature.length != CodecLimits.SIGNATURE_BYTES) {
            throw new IllegalArgumentException("not an epoch change: epoch " + epoch + ", " + refreshes.size()
                    + " refreshes, a " + signature.length + "-byte signature");
        }
        refreshes = List.copyOf(refreshes);
        signature = signature.clone();
    }

    /** The bytes the controller signs: everything but the signature, under a domain tag. */
    public static byte[] signedContent(long epoch, long notAfterMillis, List<Refresh> refreshes) {
        WireWriter w = new WireWriter(SIGNED_TAG.length + 64 + refreshes.size() * 600);
        w.raw(SIGNED_TAG, 0, SIGNED_TAG.length);
        writeBody(w, epoch, notAfterMillis, refreshes);
        return w.toByteArray();
    }

    public byte[] signedContent() {
        return signedContent(epoch, notAfterMillis, refreshes);
    }

    /** The replica ids refreshed, in the order listed. */
    public List<Integer> replicaIds() {
        List<Integer> ids = new ArrayList<>(refreshes.size());
        for (Refresh r : refreshes) {
            ids.add(r.replicaId());
        }
        return ids;
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.EPOCH_CHANGE;
    }

    /**
     * {@code u64 epoch | i64 notAfter | u16 k | k x (u16 replica | 32 key | u32 len | cert)
     * | u16 64 | signature}: the message body, and the form it takes inside a batch.
     */
    public void writeTo(WireWriter w) {
        writeBody(w, epoch, notAfterMillis, refreshes);
        w.u16(signature.length).raw(signature, 0, signature.length);
    }

    public int encodedSize() {
        int size = 8 + 8 + 2 + 2 + signature.length;
        for (Refresh r : refreshes) {
            size += 2 + r.publicKey.length + 4 + r.certificate.length;
        }
        return size;
    }

    private static void writeBody(WireWriter w, long epoch, long notAfterMillis, List<Refresh> refreshes) {
        w.i64(epoch).i64(notAfterMillis).u16(refreshes.size());
        for (Refresh r : refreshes) {
            w.u16(r.replicaId()).raw(r.publicKey, 0, r.publicKey.length).bytes(r.certificate);
        }
    }

    /** Reads what {@link #writeTo} wrote; replica ids must be below {@code limits.maxReplicas()}. */
    public static EpochChange readFrom(WireReader in, CodecLimits limits) throws CodecException {
        long epoch = in.nonNegative("epoch");
        if (epoch < 1) {
            throw new CodecException(Kind.INVALID_FIELD, "epoch change to epoch 0");
        }
        long notAfter = in.nonNegative("epoch change validity");
        int count = in.u16("refreshed replicas");
        if (count == 0 || count > limits.maxReplicas()) {
            throw new CodecException(Kind.INVALID_FIELD, count + " refreshed replicas");
        }
        List<Refresh> refreshes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int replica = in.u16("refreshed replica");
            if (replica >= limits.maxReplicas()) {
                throw new CodecException(Kind.INVALID_FIELD, "refreshed replica " + replica + " out of range");
            }
            byte[] key = in.fixed("refreshed replica key", Ed25519.PUBLIC_KEY_BYTES);
            byte[] certificate = in.bytes("refreshed replica certificate", MAX_CERTIFICATE_BYTES);
            refreshes.add(new Refresh(replica, key, certificate));
        }
        int sigLen = in.u16("epoch change signature length");
        if (sigLen != CodecLimits.SIGNATURE_BYTES) {
            throw new CodecException(Kind.INVALID_FIELD, "epoch change signature length " + sigLen);
        }
        return new EpochChange(epoch, notAfter, refreshes, in.fixed("epoch change signature", sigLen));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpochChange e && epoch == e.epoch && notAfterMillis == e.notAfterMillis
                && refreshes.equals(e.refreshes) && Arrays.equals(signature, e.signature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epoch) * 31 + refreshes.hashCode();
    }

    @Override
    public String toString() {
        return "EpochChange[e" + epoch + " refreshes " + refreshes + "]";
    }
}
