package io.molt.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeededVariantsTest {
    private static final List<Variant.Jvm> TWO_JVMS = List.of(
            new Variant.Jvm("openjdk-17", Path.of("/a/bin/java"), 17),
            new Variant.Jvm("temurin-25", Path.of("/b/bin/java"), 25));

    private static byte[] seed(int b) {
        byte[] s = new byte[32];
        s[0] = (byte) b;
        return s;
    }

    private static List<Variant> history(VariantSource source, int replica, int epochs) {
        List<Variant> out = new ArrayList<>();
        Variant previous = null;
        for (long e = 1; e <= epochs; e++) {
            previous = source.next(replica, e, previous);
            out.add(previous);
        }
        return out;
    }

    @Test
    void everyIncarnationDiffersFromItsPredecessorInJvmCollectorAndProvider() {
        List<Variant> h = history(new SeededVariants(seed(1), TWO_JVMS), 3, 200);
        for (int i = 1; i < h.size(); i++) {
            Variant before = h.get(i - 1);
            Variant after = h.get(i);
            assertThat(after.jvm()).isNotEqualTo(before.jvm());
            assertThat(after.gc()).isNotEqualTo(before.gc());
            assertThat(after.crypto()).isNotEqualTo(before.crypto());
        }
        // With three collectors there is a choice each time, and the seed makes use of it.
        assertThat(new HashSet<>(h.stream().map(Variant::gc).toList())).hasSize(3);
    }

    @Test
    void theSameSeedReproducesTheHistoryAndAnotherSeedDoesNot() {
        List<Variant> a = history(new SeededVariants(seed(7), TWO_JVMS), 0, 50);
        List<Variant> again = history(new SeededVariants(seed(7), TWO_JVMS), 0, 50);
        List<Variant> other = history(new SeededVariants(seed(8), TWO_JVMS), 0, 50);
        assertThat(again).isEqualTo(a);
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void withOneJvmOnlyTheOtherDimensionsChange() {
        List<Variant> h = history(new SeededVariants(seed(2), TWO_JVMS.subList(0, 1)), 1, 20);
        Set<Variant.Jvm> jvms = new HashSet<>(h.stream().map(Variant::jvm).toList());
        assertThat(jvms).containsExactly(TWO_JVMS.get(0));
        for (int i = 1; i < h.size(); i++) {
            assertThat(h.get(i).gc()).isNotEqualTo(h.get(i - 1).gc());
        }
    }

    @Test
    void aSourceLimitedToOneProviderKeepsIt() {
        assertThat(history(new SeededVariants(seed(3), TWO_JVMS, List.of(Variant.CryptoProvider.JDK)), 0, 30))
                .extracting(Variant::crypto).containsOnly(Variant.CryptoProvider.JDK);
    }

    @Test
    void aShortSeedOrNoJvmIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SeededVariants(new byte[8], TWO_JVMS));
        assertThatIllegalArgumentException().isThrownBy(() -> new SeededVariants(seed(1), List.of()));
    }

    @Test
    void aVariantsOptionsNameItsCollectorAndProvider() {
        Variant v = new Variant(TWO_JVMS.get(1), Variant.GarbageCollector.SERIAL, Variant.CryptoProvider.BOUNCY_CASTLE);
        assertThat(v.jvmOptions()).contains("-XX:+UseSerialGC", "-Dmolt.crypto.provider=bc",
                "--enable-native-access=ALL-UNNAMED");
        assertThat(v.describe()).isEqualTo("temurin-25/SERIAL/bc");
    }
}
