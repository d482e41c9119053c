package io.molt.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.protocol.ClientWindows.Standing;
import org.junit.jupiter.api.Test;

class ClientWindowsTest {

    @Test
    void marksOutOfOrderAndSpotsDuplicates() {
        ClientWindows w = new ClientWindows(8);
        assertThat(w.mark(7, 3)).isEqualTo(Standing.NEW);
        assertThat(w.mark(7, 1)).isEqualTo(Standing.NEW);
        assertThat(w.standing(7, 3)).isEqualTo(Standing.DONE);
        assertThat(w.standing(7, 2)).isEqualTo(Standing.NEW);
        assertThat(w.mark(7, 3)).isEqualTo(Standing.DONE);
        assertThat(w.standing(8, 3)).as("another client").isEqualTo(Standing.NEW);
    }

    @Test
    void numbersOlderThanTheWindowExpire() {
        ClientWindows w = new ClientWindows(8);
        w.mark(1, 2);
        w.mark(1, 10);
        assertThat(w.standing(1, 2)).isEqualTo(Standing.EXPIRED);
        assertThat(w.standing(1, 3)).isEqualTo(Standing.NEW);
        assertThat(w.standing(1, 10)).isEqualTo(Standing.DONE);
        w.mark(1, 100);
        assertThat(w.standing(1, 92)).isEqualTo(Standing.EXPIRED);
        assertThat(w.standing(1, 93)).isEqualTo(Standing.NEW);
        assertThat(w.standing(1, 10)).isEqualTo(Standing.EXPIRED);
        assertThat(w.highest(1)).isEqualTo(100);
    }

    @Test
    void advancingTheWindowClearsReusedBits() {
        ClientWindows w = new ClientWindows(4);
        w.mark(1, 0);
        w.mark(1, 1);
        w.mark(1, 2);
        w.mark(1, 3);
        w.mark(1, 5);
        // 5 reuses the bit of 1; 4 reuses the bit of 0 and must read as new.
        assertThat(w.standing(1, 4)).isEqualTo(Standing.NEW);
        assertThat(w.standing(1, 5)).isEqualTo(Standing.DONE);
        assertThat(w.standing(1, 3)).isEqualTo(Standing.DONE);
        assertThat(w.standing(1, 1)).isEqualTo(Standing.EXPIRED);
    }
}
