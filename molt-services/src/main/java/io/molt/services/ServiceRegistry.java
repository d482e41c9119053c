package io.molt.services;

import io.molt.api.ServiceFactory;
import io.molt.services.counter.CounterService;
import io.molt.services.counter.CounterWorkload;
import io.molt.services.kv.KvService;
import io.molt.services.kv.KvWorkload;
import io.molt.services.noop.NoopService;
import io.molt.services.noop.NoopWorkload;
import io.molt.services.workload.Workload;
import io.molt.services.workload.WorkloadOptions;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Services by the name a configuration file uses for them ({@code service: kv}). Immutable;
 * {@link #with} gives a registry with one more service, for users who bring their own.
 */
public final class ServiceRegistry {
    /** The names a configuration accepts: lower case, digits and dashes. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    /**
     * One registered service.
     *
     * @param description one line for listings such as {@code molt services}
     * @param workload the synthetic load for the service, given the workload's shape
     */
    public record Entry(String name, String description, ServiceFactory factory,
            Function<WorkloadOptions, Workload> workload) {

        public Entry {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("service name '" + name
                        + "' must be lower case letters, digits and dashes, starting with a letter");
            }
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(factory, "factory");
            Objects.requireNonNull(workload, "workload");
        }
    }

    private static final ServiceRegistry BUILT_IN = new ServiceRegistry(Map.of())
            .with(new Entry("counter", "a 64-bit counter: increment, get", CounterService::new,
                    options -> new CounterWorkload()))
            .with(new Entry("kv", "a key-value store of byte strings: get, put, delete, cas", KvService::new,
                    KvWorkload::new))
            .with(new Entry("noop", "the benchmark service: any command, an empty result", NoopService::new,
                    options -> new NoopWorkload(options.valueBytes())));

    private final Map<String, Entry> entries;

    private ServiceRegistry(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** The services shipped with Molt: {@code counter}, {@code kv} and {@code noop} (for benchmarks). */
    public static ServiceRegistry builtIn() {
        return BUILT_IN;
    }

    /** A registry with one more service; refuses to replace one that is already registered. */
    public ServiceRegistry with(Entry entry) {
        if (entries.containsKey(entry.name())) {
            throw new IllegalArgumentException("service '" + entry.name() + "' is already registered");
        }
        TreeMap<String, Entry> more = new TreeMap<>(entries);
        more.put(entry.name(), entry);
        return new ServiceRegistry(more);
    }

    /** Registered names, sorted. */
    public Set<String> names() {
        return entries.keySet();
    }

    /**
     * @throws IllegalArgumentException naming the registered services when {@code name} is not one
     */
    public Entry lookup(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("unknown service '" + name + "' (known services: "
                    + String.join(", ", entries.keySet()) + ")");
        }
        return entry;
    }

    public ServiceFactory factory(String name) {
        return lookup(name).factory();
    }

    public Workload workload(String name, WorkloadOptions options) {
        return lookup(name).workload().apply(options);
    }
}
