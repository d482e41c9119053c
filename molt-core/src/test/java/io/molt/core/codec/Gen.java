package io.molt.core.codec;

import io.molt.core.crypto.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A seeded source of test inputs, biased toward the values that break codecs: the ends of
 * every range, empty and largest arrays. Properties run through {@link #forAll}, which
 * gives every try its own seed and names the one that failed; running the test again with
 * {@code -Dmolt.seed=<seed>} replays exactly that try.
 */
public final class Gen {
    /** A property body; it may throw anything, and anything it throws fails the try. */
    public interface Body {
        void accept(Gen g) throws Exception;
    }

    private final SplittableRandom random;

    public Gen(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Runs {@code body} on {@code tries} fresh generators, or once on the replayed seed. */
    public static void forAll(int tries, Body body) {
        String replay = System.getProperty("molt.seed");
        if (replay != null) {
            run(Long.parseLong(replay), 0, 1, body);
            return;
        }
        SplittableRandom seeds = new SplittableRandom();
        for (int i = 0; i < tries; i++) {
            run(seeds.nextLong(), i, tries, body);
        }
    }

    private static void run(long seed, int attempt, int tries, Body body) {
        try {
            body.accept(new Gen(seed));
        } catch (Throwable t) {
            throw new AssertionError("property failed on try " + (attempt + 1) + " of " + tries
                    + "; replay with -Dmolt.seed=" + seed + ": " + t, t);
        }
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    /** A value in {@code [min, max]}; each end comes up one time in eight. */
    public long longIn(long min, long max) {
        switch (random.nextInt(8)) {
            case 0:
                return min;
            case 1:
                return max;
            default:
                long span = max - min + 1; // not positive when the range exceeds Long.MAX_VALUE
                if (span > 0) {
                    return min + random.nextLong(span);
                }
                while (true) { // the range covers at least half of all longs: few rejections
                    long v = random.nextLong();
                    if (v >= min && v <= max) {
                        return v;
                    }
                }
        }
    }

    public int intIn(int min, int max) {
        return (int) longIn(min, max);
    }

    public long nonNegativeLong() {
        return longIn(0, Long.MAX_VALUE);
    }

    public int nonNegativeInt() {
        return intIn(0, Integer.MAX_VALUE);
    }

    public long anyLong() {
        return longIn(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A size in {@code [0, max]}: often 0 or max, otherwise mostly small. */
    public int size(int max) {
        switch (random.nextInt(8)) {
            case 0:
                return 0;
            case 1:
                return max;
            case 2:
            case 3:
                return random.nextInt(max + 1);
            default:
                return random.nextInt(Math.min(max, 16) + 1);
        }
    }

    public byte[] bytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    public byte[] bytesUpTo(int max) {
        return bytes(size(max));
    }

    public Digest digest() {
        return random.nextInt(8) == 0 ? Digest.ZERO : Digest.of(bytes(Digest.LENGTH));
    }

    public <T> List<T> listUpTo(int max, Supplier<T> element) {
        int n = size(max);
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(element.get());
        }
        return list;
    }

    @SafeVarargs
    public final <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
