package io.molt.services.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A source of test inputs of one type for {@link Props}: a random sampler, and a short list of
 * edge cases (the values that break codecs: ends of ranges, empty and longest arrays, all-0x00
 * and all-0xff bytes). {@link Props} tries the edge cases on purpose before any random input,
 * and random draws return an edge case one time in {@value #EDGE_ONE_IN}, so edge cases also
 * meet random values of the other arguments.
 *
 * <p>Edge cases are recipes, not values: every use builds a fresh value, so a property that
 * mutates its input cannot spoil the edge case for the tries after it.
 */
public final class Arb<T> {
    static final int EDGE_ONE_IN = 8;
    /** Most edge cases a composite generator keeps, so their number stays small. */
    private static final int MAX_EDGES = 64;

    private final Function<SplittableRandom, T> sampler;
    private final List<Supplier<T>> edges;

    private Arb(Function<SplittableRandom, T> sampler, List<Supplier<T>> edges) {
        this.sampler = Objects.requireNonNull(sampler);
        this.edges = List.copyOf(edges.size() > MAX_EDGES ? edges.subList(0, MAX_EDGES) : edges);
    }

    /** A generator from a sampler and edge-case recipes. */
    public static <T> Arb<T> from(Function<SplittableRandom, T> sampler, List<Supplier<T>> edges) {
        return new Arb<>(sampler, edges);
    }

    /** A random value: one of the edge cases one time in {@value #EDGE_ONE_IN}, else a sample. */
    public T draw(SplittableRandom random) {
        if (!edges.isEmpty() && random.nextInt(EDGE_ONE_IN) == 0) {
            return edge(random.nextInt(edges.size()));
        }
        return sampler.apply(random);
    }

    /** How many edge cases this generator has. */
    public int edgeCount() {
        return edges.size();
    }

    /** A fresh copy of edge case {@code i}. */
    public T edge(int i) {
        return edges.get(i).get();
    }

    public <R> Arb<R> map(Function<? super T, ? extends R> f) {
        List<Supplier<R>> mapped = new ArrayList<>();
        for (Supplier<T> e : edges) {
            mapped.add(() -> f.apply(e.get()));
        }
        return new Arb<>(r -> f.apply(draw(r)), mapped);
    }

    /** This generator or {@code null}, which is the first edge case and comes up with {@code probability}. */
    public Arb<T> orNull(double probability) {
        List<Supplier<T>> withNull = new ArrayList<>();
        withNull.add(() -> null);
        withNull.addAll(edges);
        return new Arb<>(r -> r.nextDouble() < probability ? null : draw(r), withNull);
    }

    // ---------------------------------------------------------------- primitives

    /** Any long; edge cases are 0, +-1, the ends of the int and long ranges and their neighbours. */
    public static Arb<Long> longs() {
        return new Arb<>(Arb::sampleLong, recipes(0L, 1L, -1L, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE,
                Long.MAX_VALUE - 1, (long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE));
    }

    private static long sampleLong(SplittableRandom r) {
        switch (r.nextInt(6)) {
            case 0:
                return Long.MIN_VALUE + r.nextInt(1024);
            case 1:
                return Long.MAX_VALUE - r.nextInt(1024);
            case 2:
                return r.nextInt(-1024, 1025);
            case 3:
                return r.nextLong() >> r.nextInt(64); // every magnitude equally often
            default:
                return r.nextLong();
        }
    }

    /** Any int; edge cases are 0, +-1 and the ends of the range and their neighbours. */
    public static Arb<Integer> ints() {
        return new Arb<>(Arb::sampleInt, recipes(0, 1, -1, Integer.MIN_VALUE, Integer.MIN_VALUE + 1,
                Integer.MAX_VALUE, Integer.MAX_VALUE - 1));
    }

    private static int sampleInt(SplittableRandom r) {
        switch (r.nextInt(6)) {
            case 0:
                return Integer.MIN_VALUE + r.nextInt(1024);
            case 1:
                return Integer.MAX_VALUE - r.nextInt(1024);
            case 2:
                return r.nextInt(-1024, 1025);
            case 3:
                return r.nextInt() >> r.nextInt(32);
            default:
                return r.nextInt();
        }
    }

    /** Any single byte; edge cases are 0x00, 0x01, 0x7f, 0x80 and 0xff. */
    public static Arb<Byte> bytes() {
        return new Arb<>(r -> (byte) r.nextInt(256), recipes((byte) 0, (byte) 1, (byte) 0x7f, (byte) 0x80,
                (byte) 0xff));
    }

    public static Arb<Boolean> booleans() {
        return new Arb<>(SplittableRandom::nextBoolean, recipes(false, true));
    }

    /**
     * Byte arrays of {@code 0..maxLength} bytes. Edge cases: empty, one 0x00, one 0xff, and
     * {@code maxLength} bytes of all 0x00 and of all 0xff. Samples favour the boundary lengths
     * (0, 1, maxLength - 1, maxLength) and, besides uniformly random bytes, uniform fills and
     * bytes from {0x00, 0x01, 0x7f, 0x80, 0xff}.
     */
    public static Arb<byte[]> byteArrays(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength " + maxLength);
        }
        List<Supplier<byte[]>> edges = new ArrayList<>();
        edges.add(() -> new byte[0]);
        if (maxLength >= 1) {
            edges.add(() -> new byte[] {0});
            edges.add(() -> new byte[] {(byte) 0xff});
        }
        if (maxLength >= 2) {
            edges.add(() -> new byte[maxLength]);
            edges.add(() -> filled(maxLength, (byte) 0xff));
        }
        return new Arb<>(r -> sampleBytes(r, maxLength), edges);
    }

    private static final byte[] SPECIAL_BYTES = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff};

    private static byte[] sampleBytes(SplittableRandom r, int maxLength) {
        byte[] b = new byte[size(r, maxLength)];
        switch (r.nextInt(8)) {
            case 0:
                return b; // all 0x00
            case 1:
                Arrays.fill(b, (byte) 0xff);
                return b;
            case 2:
                Arrays.fill(b, SPECIAL_BYTES[r.nextInt(SPECIAL_BYTES.length)]);
                return b;
            case 3:
                for (int i = 0; i < b.length; i++) {
                    b[i] = SPECIAL_BYTES[r.nextInt(SPECIAL_BYTES.length)];
                }
                return b;
            default:
                r.nextBytes(b);
                return b;
        }
    }

    /** A size in {@code [0, max]} that favours 0, 1, max - 1, max and small sizes. */
    static int size(SplittableRandom r, int max) {
        switch (r.nextInt(10)) {
            case 0:
                return 0;
            case 1:
                return Math.min(1, max);
            case 2:
                return Math.max(0, max - 1);
            case 3:
                return max;
            case 4:
            case 5:
            case 6:
                return r.nextInt(max + 1);
            default:
                return r.nextInt(Math.min(max, 8) + 1);
        }
    }

    private static byte[] filled(int length, byte b) {
        byte[] out = new byte[length];
        Arrays.fill(out, b);
        return out;
    }

    // ---------------------------------------------------------------- combinators

    /** One of {@code values}, uniformly; each value is an edge case too. Values are shared, not copied. */
    @SafeVarargs
    public static <T> Arb<T> of(T... values) {
        List<T> list = new ArrayList<>(values.length);
        for (T v : values) {
            list.add(v);
        }
        return elements(list);
    }

    public static <T> Arb<T> elements(List<T> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<T> copy = new ArrayList<>(values);
        List<Supplier<T>> edges = new ArrayList<>();
        for (T v : copy) {
            edges.add(() -> v);
        }
        return new Arb<>(r -> copy.get(r.nextInt(copy.size())), edges);
    }

    /** A value from one of {@code choices}, picked uniformly; the edge cases are all of theirs, interleaved. */
    @SafeVarargs
    public static <T> Arb<T> oneOf(Arb<? extends T>... choices) {
        List<Arb<? extends T>> list = new ArrayList<>(choices.length);
        for (Arb<? extends T> c : choices) {
            list.add(c);
        }
        List<Supplier<T>> edges = new ArrayList<>();
        for (int i = 0; edges.size() < MAX_EDGES; i++) {
            boolean any = false;
            for (Arb<? extends T> a : list) {
                if (i < a.edges.size() && edges.size() < MAX_EDGES) {
                    Supplier<? extends T> e = a.edges.get(i);
                    edges.add(e::get);
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return new Arb<>(r -> list.get(r.nextInt(list.size())).draw(r), edges);
    }

    /** Combines two generators; edge cases are the pairs of theirs (as many as fit). */
    public static <A, B, T> Arb<T> combine(Arb<A> a, Arb<B> b, BiFunction<? super A, ? super B, ? extends T> f) {
        List<Supplier<T>> edges = new ArrayList<>();
        for (int i = 0; i < a.edges.size(); i++) {
            for (int j = 0; j < b.edges.size(); j++) {
                Supplier<A> ea = a.edges.get(i);
                Supplier<B> eb = b.edges.get(j);
                edges.add(() -> f.apply(ea.get(), eb.get()));
            }
        }
        spread(edges);
        return new Arb<>(r -> f.apply(a.draw(r), b.draw(r)), edges);
    }

    /** A function of three arguments, for {@link #combine(Arb, Arb, Arb, Fn3)}. */
    public interface Fn3<A, B, C, T> {
        T apply(A a, B b, C c);
    }

    /** Combines three generators; edge cases are the triples of theirs (as many as fit). */
    public static <A, B, C, T> Arb<T> combine(Arb<A> a, Arb<B> b, Arb<C> c,
            Fn3<? super A, ? super B, ? super C, ? extends T> f) {
        List<Supplier<T>> edges = new ArrayList<>();
        for (Supplier<A> ea : a.edges) {
            for (Supplier<B> eb : b.edges) {
                for (Supplier<C> ec : c.edges) {
                    edges.add(() -> f.apply(ea.get(), eb.get(), ec.get()));
                }
            }
        }
        spread(edges);
        return new Arb<>(r -> f.apply(a.draw(r), b.draw(r), c.draw(r)), edges);
    }

    /**
     * Keeps at most {@link #MAX_EDGES} of a product's edge cases, evenly spread over it (and
     * always the first and last), rather than its first rows only.
     */
    private static <T> void spread(List<Supplier<T>> edges) {
        int n = edges.size();
        if (n <= MAX_EDGES) {
            return;
        }
        List<Supplier<T>> kept = new ArrayList<>(MAX_EDGES);
        for (int i = 0; i < MAX_EDGES; i++) {
            kept.add(edges.get((int) ((long) i * (n - 1) / (MAX_EDGES - 1))));
        }
        edges.clear();
        edges.addAll(kept);
    }

    /**
     * Lists of {@code 0..maxSize} elements. Edge cases: the empty list, a list of each element
     * edge case, and a list of {@code maxSize} copies of the first element edge case.
     */
    public static <T> Arb<List<T>> listOf(Arb<T> element, int maxSize) {
        List<Supplier<List<T>>> edges = new ArrayList<>();
        edges.add(List::of);
        for (Supplier<T> e : element.edges) {
            if (maxSize >= 1 && edges.size() < MAX_EDGES - 1) {
                edges.add(() -> Collections.singletonList(e.get()));
            }
        }
        if (maxSize >= 2 && !element.edges.isEmpty()) {
            Supplier<T> first = element.edges.get(0);
            edges.add(() -> {
                List<T> full = new ArrayList<>(maxSize);
                for (int i = 0; i < maxSize; i++) {
                    full.add(first.get());
                }
                return full;
            });
        }
        return new Arb<>(r -> {
            int n = size(r, maxSize);
            List<T> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(element.draw(r));
            }
            return list;
        }, edges);
    }

    @SafeVarargs
    private static <T> List<Supplier<T>> recipes(T... values) {
        List<Supplier<T>> out = new ArrayList<>();
        for (T v : values) {
            out.add(() -> v);
        }
        return out;
    }
}
