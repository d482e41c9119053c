package io.molt.controller;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Draws variants from a secret seed: HMAC-SHA256 of {@code (replica, epoch)} under the seed
 * picks each dimension among the options that differ from the predecessor's (where there is
 * more than one option). Nobody without the seed can predict the next variant; anyone with
 * it can reproduce the whole history, which is what an operator investigating an
 * incident needs.
 */
public final class SeededVariants implements VariantSource {
    private final byte[] seed;
    private final List<Variant.Jvm> jvms;
    private final List<Variant.CryptoProvider> providers;

    public SeededVariants(byte[] seed, List<Variant.Jvm> jvms) {
        this(seed, jvms, List.of(Variant.CryptoProvider.values()));
    }

    /** The same, choosing among {@code providers}. */
    public SeededVariants(byte[] seed, List<Variant.Jvm> jvms, List<Variant.CryptoProvider> providers) {
        if (seed.length < 16) {
            throw new IllegalArgumentException("a variant seed needs at least 16 bytes");
        }
        if (jvms.isEmpty()) {
            throw new IllegalArgumentException("no JVM to run replicas on");
        }
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("no crypto provider to run replicas with");
        }
        this.seed = seed.clone();
        this.jvms = List.copyOf(jvms);
        this.providers = List.copyOf(providers);
    }

    /** The JVMs this source chooses from. */
    public List<Variant.Jvm> jvms() {
        return jvms;
    }

    @Override
    public Variant next(int replica, long epoch, Variant predecessor) {
        ByteBuffer draw = ByteBuffer.wrap(mac(replica, epoch));
        Variant.Jvm jvm = pick(jvms, predecessor == null ? null : predecessor.jvm(), draw.getInt());
        Variant.GarbageCollector gc = pick(List.of(Variant.GarbageCollector.values()),
                predecessor == null ? null : predecessor.gc(), draw.getInt());
        Variant.CryptoProvider crypto = pick(providers,
                predecessor == null ? null : predecessor.crypto(), draw.getInt());
        return new Variant(jvm, gc, crypto);
    }

    /** One of {@code options} other than {@code previous} (unless it is the only one), by {@code draw}. */
    private static <T> T pick(List<T> options, T previous, int draw) {
        List<T> allowed = new ArrayList<>(options);
        if (allowed.size() > 1) {
            allowed.removeIf(o -> Objects.equals(o, previous));
        }
        return allowed.get(Math.floorMod(draw, allowed.size()));
    }

    private byte[] mac(int replica, long epoch) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(seed, "HmacSHA256"));
            mac.update("molt/variant/1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return mac.doFinal(ByteBuffer.allocate(12).putInt(replica).putLong(epoch).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
