package io.molt.services.testing;

import java.lang.reflect.Array;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs property tests on plain JUnit 5: a property is a body checked against generated
 * arguments (see {@link Arb}) for a number of tries.
 *
 * <p>A run has one seed, random unless {@code -Dmolt.seed} gives it, and every try is a pure
 * function of that seed and the try's index. The first tries (up to half of them) go through
 * the arguments' edge cases on purpose: every combination when there are few enough, otherwise
 * a seeded choice of them. The remaining tries draw random arguments, which still hit an edge
 * case now and then. A failing try names the run seed, its index and its arguments, and
 * {@code -Dmolt.seed=<seed> -Dmolt.try=<index>} replays exactly that try (and only it).
 * {@code -Dmolt.tries=<n>} overrides every property's number of tries, for a longer hunt.
 *
 * <p>Failing inputs are not shrunk; the edge cases are where small failing inputs usually are.
 */
public final class Props {
    static final String SEED = "molt.seed";
    static final String TRY = "molt.try";
    static final String TRIES = "molt.tries";
    private static final int MAX_DESCRIPTION = 2000;

    private Props() {}

    public interface Body1<A> {
        void accept(A a) throws Exception;
    }

    public interface Body2<A, B> {
        void accept(A a, B b) throws Exception;
    }

    public interface Body3<A, B, C> {
        void accept(A a, B b, C c) throws Exception;
    }

    interface BodyN {
        void accept(Object[] args) throws Exception;
    }

    /**
     * How a property runs: {@code tries} tries from {@code seed}, the first (at most)
     * {@code edgeBudget} of them on edge cases; or only try {@code only}, when it is not negative.
     */
    record Settings(int tries, int edgeBudget, long seed, int only) {
        Settings {
            if (tries < 1) {
                throw new IllegalArgumentException("tries must be at least 1, was " + tries);
            }
        }

        /**
         * The settings for a property declared with {@code tries}. The edge budget is half of
         * those, whatever {@code -Dmolt.tries} says, so a try's index means the same in every run.
         */
        static Settings fromSystemProperties(int tries) {
            String seed = System.getProperty(SEED);
            String only = System.getProperty(TRY);
            String override = System.getProperty(TRIES);
            if (only != null && seed == null) {
                throw new IllegalArgumentException("-D" + TRY + " replays a try of a seeded run; give -D" + SEED
                        + " too");
            }
            return new Settings(override == null ? tries : Integer.parseInt(override.trim()), tries / 2,
                    seed == null ? new SplittableRandom().nextLong() : Long.parseLong(seed.trim()),
                    only == null ? -1 : Integer.parseInt(only.trim()));
        }
    }

    public static <A> void forAll(int tries, Arb<A> a, Body1<A> body) {
        check(Settings.fromSystemProperties(tries), List.of(a), args -> body.accept(cast(args[0])));
    }

    public static <A, B> void forAll(int tries, Arb<A> a, Arb<B> b, Body2<A, B> body) {
        check(Settings.fromSystemProperties(tries), List.of(a, b),
                args -> body.accept(cast(args[0]), cast(args[1])));
    }

    public static <A, B, C> void forAll(int tries, Arb<A> a, Arb<B> b, Arb<C> c, Body3<A, B, C> body) {
        check(Settings.fromSystemProperties(tries), List.of(a, b, c),
                args -> body.accept(cast(args[0]), cast(args[1]), cast(args[2])));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    static void check(Settings settings, List<Arb<?>> arbs, BodyN body) {
        int edgeTries = (int) Math.min(edgeCombinations(arbs), settings.edgeBudget());
        if (settings.only() >= 0) {
            run(settings, arbs, settings.only(), edgeTries, body);
            return;
        }
        for (int i = 0; i < settings.tries(); i++) {
            run(settings, arbs, i, edgeTries, body);
        }
    }

    private static void run(Settings settings, List<Arb<?>> arbs, int index, int edgeTries, BodyN body) {
        Object[] args = arguments(settings, arbs, index, edgeTries);
        // Described before the body runs, since the body may change its arguments.
        String description = describeAll(args);
        try {
            body.accept(args);
        } catch (Throwable t) {
            throw new AssertionError(failureMessage(settings, index, edgeTries, description, t), t);
        }
    }

    /** The arguments of try {@code index}; a function of the seed and the index only. */
    static Object[] arguments(Settings settings, List<Arb<?>> arbs, int index, int edgeTries) {
        SplittableRandom random = new SplittableRandom(trySeed(settings.seed(), index));
        Object[] args = new Object[arbs.size()];
        boolean exhaustive = edgeTries == edgeCombinations(arbs);
        long rest = index;
        for (int p = 0; p < args.length; p++) {
            Arb<?> a = arbs.get(p);
            if (index >= edgeTries || a.edgeCount() == 0) {
                args[p] = a.draw(random);
            } else if (exhaustive) {
                args[p] = a.edge((int) (rest % a.edgeCount())); // mixed radix: the first argument turns fastest
                rest /= a.edgeCount();
            } else {
                args[p] = a.edge(random.nextInt(a.edgeCount()));
            }
        }
        return args;
    }

    private static long edgeCombinations(List<Arb<?>> arbs) {
        long combinations = 1;
        for (Arb<?> a : arbs) {
            combinations = Math.min(combinations * Math.max(1, a.edgeCount()), Integer.MAX_VALUE);
        }
        return combinations;
    }

    /** Spreads the run seed and the index over all 64 bits (the SplitMix64 finaliser). */
    static long trySeed(long seed, int index) {
        long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String failureMessage(Settings settings, int index, int edgeTries, String args, Throwable t) {
        String test = callingTest();
        return "property failed on try " + index + " (" + (index < edgeTries ? "edge case" : "random") + ") of "
                + settings.tries() + ", seed " + settings.seed() + "\n"
                + "  arguments: " + args + "\n"
                + "  replay: " + (test == null ? "" : "-Dtest=" + test + " ") + "-D" + SEED + "=" + settings.seed()
                + " -D" + TRY + "=" + index + "\n"
                + "  cause: " + t;
    }

    /** {@code Class#method} of the test that called {@link #forAll}, for the replay line. */
    private static String callingTest() {
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            String cls = e.getClassName();
            if (cls.equals(Props.class.getName()) || cls.startsWith(Props.class.getName() + "$")) {
                continue;
            }
            String method = e.getMethodName();
            if (method.startsWith("lambda$")) { // lambda$testName$3: the test method that holds the lambda
                int end = method.indexOf('$', "lambda$".length());
                method = method.substring("lambda$".length(), end < 0 ? method.length() : end);
            }
            int nested = cls.indexOf('$');
            return cls.substring(cls.lastIndexOf('.') + 1, nested < 0 ? cls.length() : nested) + "#" + method;
        }
        return null;
    }

    static String describeAll(Object[] args) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(describe(args[i]));
        }
        String s = sb.append(')').toString();
        return s.length() <= MAX_DESCRIPTION ? s : s.substring(0, MAX_DESCRIPTION) + "... (" + s.length() + " chars)";
    }

    /** Byte arrays as hex with their length, lists element by element, anything else by toString. */
    static String describe(Object o) {
        if (o instanceof byte[] b) {
            return b.length + ":" + (b.length == 0 ? "[]" : HexFormat.of().formatHex(b));
        }
        if (o instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(describe(list.get(i)));
            }
            return sb.append(']').toString();
        }
        if (o != null && o.getClass().isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(o); i++) {
                sb.append(i == 0 ? "" : ", ").append(describe(Array.get(o, i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(o);
    }
}
