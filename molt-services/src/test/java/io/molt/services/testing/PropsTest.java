package io.molt.services.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The harness itself: edge cases first, determinism per seed, and replayable failures. */
class PropsTest {

    private static Props.Settings run(int tries, long seed) {
        return new Props.Settings(tries, tries / 2, seed, -1);
    }

    @Test
    void edgeCasesComeFirstAndEveryCombinationIsTried() {
        List<String> seen = new ArrayList<>();
        Props.check(run(200, 1), List.of(Arb.booleans(), Arb.longs()),
                args -> seen.add(args[0] + "/" + args[1]));
        assertThat(seen.subList(0, 18)).doesNotHaveDuplicates()
                .contains("false/" + Long.MIN_VALUE, "true/" + Long.MAX_VALUE, "true/0", "false/-1");
        assertThat(seen).hasSize(200);
    }

    @Test
    void theSameSeedGivesTheSameTries() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        List<String> other = new ArrayList<>();
        Props.check(run(300, 42), List.of(Arb.byteArrays(30)), args -> first.add(Props.describeAll(args)));
        Props.check(run(300, 42), List.of(Arb.byteArrays(30)), args -> second.add(Props.describeAll(args)));
        Props.check(run(300, 43), List.of(Arb.byteArrays(30)), args -> other.add(Props.describeAll(args)));
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void randomByteArraysReachTheirBoundaries() {
        Set<String> kinds = new HashSet<>();
        Props.check(run(1000, 7), List.of(Arb.byteArrays(40)), args -> {
            byte[] b = (byte[]) args[0];
            kinds.add("length " + b.length);
            if (b.length == 40 && allEqual(b, (byte) 0)) {
                kinds.add("all 0x00");
            }
            if (b.length == 40 && allEqual(b, (byte) 0xff)) {
                kinds.add("all 0xff");
            }
        });
        assertThat(kinds).contains("length 0", "length 1", "length 39", "length 40", "all 0x00", "all 0xff");
    }

    @Test
    void randomLongsReachBothEndsOfTheRange() {
        long[] extremes = {0, 0};
        Props.check(run(1000, 9), List.of(Arb.longs()), args -> {
            long v = (Long) args[0];
            extremes[0] = Math.min(extremes[0], v);
            extremes[1] = Math.max(extremes[1], v);
        });
        assertThat(extremes).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Test
    void aFailureNamesSeedTryAndArgumentsAndReplaysExactlyThatTry() {
        List<String> tried = new ArrayList<>();
        Props.BodyN failsOnSomeRandomValue = args -> {
            tried.add(Props.describeAll(args));
            assertThat((Long) args[0] % 97).isNotEqualTo(13);
        };
        AssertionError failure = catchThrowableOfType(AssertionError.class,
                () -> Props.check(run(100_000, 5), List.of(Arb.longs()), failsOnSomeRandomValue));

        Matcher m = Pattern.compile("property failed on try (\\d+) \\(random\\) of 100000, seed 5\\n"
                + "  arguments: (\\(-?\\d+\\))\\n"
                + "  replay: -Dtest=PropsTest#\\S+ -Dmolt\\.seed=5 -Dmolt\\.try=(\\d+)\\n"
                + "  cause: java.lang.AssertionError").matcher(failure.getMessage());
        assertThat(m.lookingAt()).as(failure.getMessage()).isTrue();
        int index = Integer.parseInt(m.group(1));
        assertThat(m.group(3)).isEqualTo(m.group(1));
        assertThat(tried).hasSize(index + 1).last().isEqualTo(m.group(2));

        tried.clear();
        assertThatThrownBy(() -> Props.check(new Props.Settings(100_000, 50_000, 5, index), List.of(Arb.longs()),
                failsOnSomeRandomValue)).isInstanceOf(AssertionError.class).hasMessageContaining("try " + index + " ");
        assertThat(tried).containsExactly(m.group(2));
    }

    private static boolean allEqual(byte[] b, byte v) {
        for (byte x : b) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }
}
