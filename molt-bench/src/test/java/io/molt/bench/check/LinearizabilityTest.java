package io.molt.bench.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.bench.check.KvOp.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearizabilityTest {
    private static final long NEVER = Long.MAX_VALUE;

    private static KvOp put(int c, String v, long from, long to, String previous) {
        return new KvOp(c, Kind.PUT, v, null, from, to, previous, false);
    }

    private static KvOp get(int c, long from, long to, String value) {
        return new KvOp(c, Kind.GET, null, null, from, to, value, false);
    }

    private static KvOp cas(int c, String expect, String update, long from, long to, boolean swapped, String current) {
        return new KvOp(c, Kind.CAS, expect, update, from, to, current, swapped);
    }

    private static boolean linearizable(KvOp... ops) {
        return Linearizability.check(Map.of("k", List.of(ops)), null).linearizable();
    }

    @Test
    void sequentialHistoriesAreLinearizableOnlyWhenTheyAddUp() {
        assertThat(linearizable(put(0, "a", 1, 2, null), get(0, 3, 4, "a"), put(0, "b", 5, 6, "a"))).isTrue();
        assertThat(linearizable(put(0, "a", 1, 2, null), get(0, 3, 4, null))).as("a lost write").isFalse();
        assertThat(linearizable(put(0, "a", 1, 2, null), put(1, "b", 3, 4, null))).as("b saw no a").isFalse();
    }

    @Test
    void concurrentOperationsMayTakeEffectInEitherOrder() {
        // put(a) and put(b) overlap; a later read may see either, but two later reads
        // cannot see them in different orders.
        assertThat(linearizable(put(0, "a", 1, 10, null), put(1, "b", 2, 9, "a"), get(2, 11, 12, "b"))).isTrue();
        assertThat(linearizable(put(0, "a", 1, 10, "b"), put(1, "b", 2, 9, null), get(2, 11, 12, "a"))).isTrue();
        assertThat(linearizable(put(0, "a", 1, 10, null), put(1, "b", 2, 9, "a"), get(2, 11, 12, "a")))
                .as("b overwrote a, so a later read sees b").isFalse();
        assertThat(linearizable(put(0, "a", 1, 10, null), put(1, "b", 2, 9, null))).as("each saw nothing").isFalse();
        assertThat(linearizable(put(0, "a", 1, 10, null), get(1, 2, 3, "a"), get(1, 4, 5, null))).as("read went back")
                .isFalse();
    }

    @Test
    void anOperationThatNeverReturnedMayHaveHappenedOrNot() {
        assertThat(linearizable(put(0, "a", 1, NEVER, null), get(1, 5, 6, "a"))).isTrue();
        assertThat(linearizable(put(0, "a", 1, NEVER, null), get(1, 5, 6, null))).isTrue();
        assertThat(linearizable(put(0, "a", 5, NEVER, null), get(1, 1, 2, "a"))).as("not before its call").isFalse();
        assertThat(linearizable(put(0, "a", 1, NEVER, null), get(1, 3, 4, "a"), get(1, 5, 6, null)))
                .as("and at most once").isFalse();
    }

    @Test
    void compareAndSetFollowsTheRegister() {
        assertThat(linearizable(put(0, "a", 1, 2, null), cas(1, "a", "b", 3, 4, true, "b"), get(0, 5, 6, "b"))).isTrue();
        assertThat(linearizable(put(0, "a", 1, 2, null), cas(1, "x", "b", 3, 4, false, "a"))).isTrue();
        assertThat(linearizable(put(0, "a", 1, 2, null), cas(1, "a", "b", 3, 4, false, "a"))).isFalse();
    }

    @Test
    void aRandomHistoryFromARealRegisterIsLinearizableAndBreakingItIsCaught() {
        Random rnd = new Random(7);
        List<KvOp> ops = new ArrayList<>();
        String state = null;
        long t = 0;
        // Operations take effect at a point inside their interval; intervals overlap heavily.
        for (int i = 0; i < 300; i++) {
            long point = t += 10;
            long from = point - rnd.nextInt(40);
            long to = point + rnd.nextInt(40);
            String value = "v" + i;
            if (rnd.nextBoolean()) {
                ops.add(put(i % 5, value, from, to, state));
                state = value;
            } else {
                ops.add(get(i % 5, from, to, state));
            }
        }
        assertThat(Linearizability.check(Map.of("k", ops), null).linearizable()).isTrue();
        int victim = 150;
        while (ops.get(victim).kind() != Kind.GET || ops.get(victim).result() == null) {
            victim++;
        }
        KvOp read = ops.get(victim);
        ops.set(victim, get(read.client(), read.invokedNanos(), read.returnedNanos(), "never written"));
        Linearizability.Result r = Linearizability.check(Map.of("k", ops), null);
        assertThat(r.linearizable()).isFalse();
        assertThat(r.toString()).contains("never written");
    }
}
