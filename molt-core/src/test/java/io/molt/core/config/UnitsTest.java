package io.molt.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @Test
    void sizes() {
        assertThat(Units.parseSize("512")).isEqualTo(512);
        assertThat(Units.parseSize("512B")).isEqualTo(512);
        assertThat(Units.parseSize("64KiB")).isEqualTo(64 * 1024);
        assertThat(Units.parseSize("16MiB")).isEqualTo(16L << 20);
        assertThat(Units.parseSize("1GiB")).isEqualTo(1L << 30);
        assertThat(Units.parseSize("2TiB")).isEqualTo(2L << 40);
        assertThat(Units.parseSize("1 MiB")).isEqualTo(1L << 20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "1.5MiB", "-1", "16 XB", "1mib", "1 024", "0x10", "1e3"})
    void malformedSizesSayWhatIsExpected(String text) {
        assertThatThrownBy(() -> Units.parseSize(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a size (expected a byte count such as 512, 64KiB, 16MiB or 1GiB)");
    }

    @Test
    void decimalUnitsAreRefusedWithTheBinaryOne() {
        assertThatThrownBy(() -> Units.parseSize("16MB")).hasMessage("'16MB' is not a size (expected a byte count"
                + " such as 512, 64KiB, 16MiB or 1GiB; units are binary, so write MiB)");
        assertThatThrownBy(() -> Units.parseSize("64kB")).hasMessageEndingWith("so write KiB)");
    }

    @Test
    void oversizedSizesAreTooLarge() {
        assertThatThrownBy(() -> Units.parseSize("8388608TiB")).hasMessage("'8388608TiB' is too large");
        assertThatThrownBy(() -> Units.parseSize("99999999999999999999"))
                .hasMessage("'99999999999999999999' is too large");
        assertThat(Units.parseSize("8388607TiB")).isEqualTo(8388607L << 40);
    }

    @Test
    void durations() {
        assertThat(Units.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Units.parseDuration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Units.parseDuration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Units.parseDuration("3h")).isEqualTo(Duration.ofHours(3));
        assertThat(Units.parseDuration("0ms")).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"400", "2 sec", "1.5s", "-1s", "s", "1d", "PT2S", "2S"})
    void malformedDurationsSayWhatIsExpected(String text) {
        assertThatThrownBy(() -> Units.parseDuration(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration (expected a whole number with a unit ms, s, m or h,"
                        + " such as 250ms, 2s or 1m)");
    }

    @Test
    void hugeDurationsAreTooLarge() {
        assertThatThrownBy(() -> Units.parseDuration("9999999999999999h"))
                .hasMessage("'9999999999999999h' is too large");
    }

    @Test
    void formatsPickTheLargestExactUnit() {
        assertThat(Units.formatSize(16L << 20)).isEqualTo("16MiB");
        assertThat(Units.formatSize(1536 * 1024)).isEqualTo("1536KiB");
        assertThat(Units.formatSize(1000)).isEqualTo("1000");
        assertThat(Units.formatSize(0)).isEqualTo("0");
        assertThat(Units.formatDuration(Duration.ofMillis(400))).isEqualTo("400ms");
        assertThat(Units.formatDuration(Duration.ofMillis(90_000))).isEqualTo("90s");
        assertThat(Units.formatDuration(Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(Units.formatDuration(Duration.ZERO)).isEqualTo("0ms");
        assertThatThrownBy(() -> Units.formatDuration(Duration.ofNanos(1500)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Edge values, then random multiples of each unit so every unit is exercised, not just
     * plain numbers. The seed is fixed so a failure replays.
     */
    private static LongStream samples(long max, long... units) {
        Random random = new Random(20261121);
        LongStream edges = LongStream.of(0, 1, 999, 1000, 1023, 1024, 60_000, 3_600_000, max - 1, max);
        LongStream randoms = LongStream.range(0, 2000).map(i -> {
            long unit = units[random.nextInt(units.length)];
            return random.nextLong(max / unit) * unit;
        });
        return LongStream.concat(edges, randoms);
    }

    @Test
    void sizesRoundTrip() {
        samples(Long.MAX_VALUE, 1, 1L << 10, 1L << 20, 1L << 30, 1L << 40)
                .forEach(bytes -> assertThat(Units.parseSize(Units.formatSize(bytes))).isEqualTo(bytes));
    }

    @Test
    void durationsRoundTrip() {
        samples(Long.MAX_VALUE / 1000, 1, 1000, 60_000, 3_600_000).forEach(millis -> {
            Duration d = Duration.ofMillis(millis);
            assertThat(Units.parseDuration(Units.formatDuration(d))).isEqualTo(d);
        });
    }
}
