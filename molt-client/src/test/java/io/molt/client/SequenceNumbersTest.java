package io.molt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A held-up request never falls a window behind: new numbers wait for it instead. */
@Timeout(10)
class SequenceNumbersTest {

    @Test
    void aNewNumberWaitsWhileTheOldestOutstandingIsASpreadBehind() throws Exception {
        SequenceNumbers seqs = new SequenceNumbers(1, 4);
        long oldest = seqs.acquire();
        assertThat(oldest).as("a session starts at its wall-clock millisecond, shifted").isEqualTo(1L << 20);
        for (int i = 1; i < 4; i++) {
            seqs.release(seqs.acquire()); // the others complete; the oldest is held up
        }
        CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return seqs.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(blocked).as("4 ahead of the oldest outstanding").isNotDone();

        seqs.release(oldest);
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isEqualTo(oldest + 4);
    }

    @Test
    void replacingANumberNeverWaitsAndFreesTheOldOne() throws Exception {
        SequenceNumbers seqs = new SequenceNumbers(1, 2);
        long first = seqs.acquire();
        long second = seqs.acquire();
        long third = seqs.replace(first);
        assertThat(third).isEqualTo(second + 1);
        seqs.release(second);
        assertThat(seqs.acquire()).as("oldest outstanding is now the third").isEqualTo(third + 1);
    }
}
