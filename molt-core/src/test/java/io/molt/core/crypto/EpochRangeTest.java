package io.molt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EpochRangeTest {

    @Test
    void coversBothEnds() {
        EpochRange range = new EpochRange(3, 5);

        assertThat(range.covers(2)).isFalse();
        assertThat(range.covers(3)).isTrue();
        assertThat(range.covers(5)).isTrue();
        assertThat(range.covers(6)).isFalse();
        assertThat(range.isOpen()).isFalse();
        assertThat(EpochRange.only(4)).isEqualTo(new EpochRange(4, 4));
    }

    @Test
    void rejectsEmptyAndNegativeRanges() {
        assertThatThrownBy(() -> new EpochRange(5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EpochRange(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsOpenEnd() {
        assertThat(EpochRange.from(2)).hasToString("[2, open)");
        assertThat(new EpochRange(2, 9)).hasToString("[2, 9]");
    }
}
