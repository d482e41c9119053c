package io.molt.services;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.api.ExecutionContext;
import io.molt.api.StateMachine;
import io.molt.services.counter.CounterResults;
import io.molt.services.counter.CounterService;
import io.molt.services.kv.KvService;
import io.molt.services.noop.NoopService;
import io.molt.services.kv.KvWorkload;
import io.molt.services.workload.Workload;
import io.molt.services.workload.WorkloadOp;
import io.molt.services.workload.WorkloadOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServiceRegistryTest {
    private static final ExecutionContext CTX = new ExecutionContext(1, 0, 0, 0);
    private final ServiceRegistry registry = ServiceRegistry.builtIn();

    @Test
    void builtInServicesByName() {
        assertThat(registry.names()).containsExactly("counter", "kv", "noop");
        assertThat(registry.factory("counter").create()).isInstanceOf(CounterService.class);
        assertThat(registry.factory("kv").create()).isInstanceOf(KvService.class);
        assertThat(registry.factory("noop").create()).isInstanceOf(NoopService.class);
    }

    @Test
    void factoriesCreateFreshInstances() {
        assertThat(registry.factory("kv").create()).isNotSameAs(registry.factory("kv").create());
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> registry.lookup("firewall")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown service 'firewall' (known services: counter, kv, noop)");
    }

    @Test
    void usersCanAddServicesButNotReplaceOnes() {
        ServiceRegistry more = registry.with(new ServiceRegistry.Entry("echo", "answers its command",
                CounterService::new, options -> random -> new WorkloadOp("echo", new byte[0], false)));
        assertThat(more.names()).containsExactly("counter", "echo", "kv", "noop");
        assertThat(registry.names()).containsExactly("counter", "kv", "noop");
        assertThatThrownBy(() -> more.with(more.lookup("kv"))).hasMessageContaining("already registered");
        assertThatThrownBy(() -> new ServiceRegistry.Entry("Bad Name", "", CounterService::new, o -> null))
                .hasMessageContaining("lower case");
    }

    @Test
    void noopWorkloadSendsPayloadsOfTheRequestedSize() {
        Workload workload = registry.workload("noop", new WorkloadOptions(1, 1024, 0, 0));
        WorkloadOp op = workload.next(new Random(3));
        assertThat(op.payload()).hasSize(1024);
        assertThat(op.readOnly()).isFalse();
        StateMachine noop = registry.factory("noop").create();
        assertThat(noop.execute(op.payload(), CTX)).isEmpty();
        assertThat(((NoopService) noop).executed()).isEqualTo(1);
    }

    @Test
    void counterWorkloadIncrementsByOne() {
        StateMachine counter = registry.factory("counter").create();
        Workload workload = registry.workload("counter", WorkloadOptions.DEFAULT);
        Random random = new Random(1);
        long last = 0;
        for (int i = 0; i < 10; i++) {
            WorkloadOp op = workload.next(random);
            assertThat(op.kind()).isEqualTo("increment");
            assertThat(op.readOnly()).isFalse();
            last = CounterResults.decodeValue(counter.execute(op.payload(), CTX));
        }
        assertThat(last).isEqualTo(10);
    }

    @Test
    void kvWorkloadIsReproducibleFromTheSeed() {
        Workload workload = registry.workload("kv", new WorkloadOptions(100, 32, 50, 20));
        List<WorkloadOp> first = ops(workload, 42, 200);
        List<WorkloadOp> second = ops(workload, 42, 200);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).kind()).isEqualTo(first.get(i).kind());
            assertThat(second.get(i).readOnly()).isEqualTo(first.get(i).readOnly());
            assertThat(second.get(i).payload()).isEqualTo(first.get(i).payload());
        }
        assertThat(ops(workload, 43, 200).get(0).payload()).isNotEqualTo(first.get(0).payload());
    }

    @Test
    void kvWorkloadMixesOperationsAsAskedAndAllOfThemRun() {
        WorkloadOptions options = new WorkloadOptions(50, 32, 50, 20);
        StateMachine kv = registry.factory("kv").create();
        Map<String, Integer> kinds = new HashMap<>();
        for (WorkloadOp op : ops(registry.workload("kv", options), 3, 10_000)) {
            kinds.merge(op.kind(), 1, Integer::sum);
            assertThat(op.readOnly()).isEqualTo(op.kind().equals("get"));
            if (op.readOnly()) {
                kv.query(op.payload());
            } else {
                kv.execute(op.payload(), CTX);
            }
        }
        assertThat(kinds.get("get")).isBetween(4_700, 5_300);
        assertThat(kinds.get("cas")).isBetween(1_800, 2_200);
        assertThat(kinds.get("put")).isBetween(2_800, 3_200);
        assertThat(((KvService) kv).size()).isEqualTo(50);
    }

    @Test
    void kvKeysArePaddedToSortInIndexOrder() {
        assertThat(new String(KvWorkload.key(42), US_ASCII))
                .isEqualTo("key-00000042");
        assertThat(new String(KvWorkload.key(123_456_789), US_ASCII))
                .isEqualTo("key-123456789");
    }

    private static List<WorkloadOp> ops(Workload workload, long seed, int count) {
        Random random = new Random(seed);
        List<WorkloadOp> ops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ops.add(workload.next(random));
        }
        return ops;
    }
}
