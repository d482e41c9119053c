package io.molt.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesWithinTheUpperHalfOfEachStepUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(2000), new SplittableRandom(7));
        long[] steps = {50, 100, 200, 400, 800, 1600, 2000, 2000, 2000};

        for (long step : steps) {
            assertThat(backoff.nextDelayMillis()).isBetween(step / 2, step);
        }
    }

    @Test
    void resetStartsOverAtTheMinimum() {
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(2000), new SplittableRandom(7));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelayMillis();
        }

        backoff.reset();

        assertThat(backoff.nextDelayMillis()).isBetween(25L, 50L);
    }

    @Test
    void jitterSpreadsDelays() {
        Backoff backoff = new Backoff(Duration.ofMillis(1000), Duration.ofMillis(1000), new SplittableRandom(7));

        long distinct = java.util.stream.LongStream.generate(backoff::nextDelayMillis).limit(50).distinct().count();

        assertThat(distinct).isGreaterThan(10);
    }
}
