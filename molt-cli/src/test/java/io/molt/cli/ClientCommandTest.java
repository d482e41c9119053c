package io.molt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code molt client}: one operation per run against four in-process replicas of the counter or the kv store. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClientCommandTest {
    @TempDir
    static Path dir;
    private static InProcessReplicas counter;
    private static InProcessReplicas kv;

    @BeforeAll
    static void startDeployments() throws IOException {
        counter = InProcessReplicas.start(dir.resolve("counter"), "counter");
        kv = InProcessReplicas.start(dir.resolve("kv"), "kv");
    }

    @AfterAll
    static void stopDeployments() {
        for (InProcessReplicas deployment : new InProcessReplicas[] {counter, kv}) {
            if (deployment != null) {
                deployment.close();
            }
        }
    }

    private static Molt.Run client(InProcessReplicas deployment, String... command) {
        return Molt.run(Stream.concat(Stream.of("client", "--config", deployment.configFile().toString()),
                Stream.of(command)).toArray(String[]::new));
    }

    /** Runs a command that must succeed and returns its output line. */
    private static String succeeds(InProcessReplicas deployment, String... command) {
        Molt.Run run = client(deployment, command);
        assertThat(run.exitCode()).as("%s: %s", List.of(command), run).isZero();
        return run.out().strip();
    }

    @Test
    void counterIncrementThenAReadOnlyGet() {
        assertThat(succeeds(counter, "counter", "increment", "5")).isEqualTo("5");
        List<Long> executed = await("every replica executed the increment").atMost(Duration.ofSeconds(30))
                .until(counter::executedSlots, slots -> slots.stream().distinct().count() == 1);

        assertThat(succeeds(counter, "counter", "get")).isEqualTo("5");

        assertThat(counter.executedSlots()).as("a query is answered without ordering anything").isEqualTo(executed);
    }

    @Test
    void kvPutGetCasAndDelete() {
        assertThat(succeeds(kv, "kv", "put", "colour", "red")).isEqualTo("(absent)");
        assertThat(succeeds(kv, "kv", "put", "colour", "green")).as("the previous value").isEqualTo("red");
        assertThat(succeeds(kv, "kv", "get", "colour")).isEqualTo("green");
        assertThat(succeeds(kv, "kv", "cas", "colour", "red", "blue")).isEqualTo("not swapped, now green");
        assertThat(succeeds(kv, "kv", "cas", "colour", "green", "blue")).isEqualTo("swapped, now blue");
        assertThat(succeeds(kv, "kv", "cas", "shape", "-", "round")).as("'-' expects an absent key")
                .isEqualTo("swapped, now round");
        assertThat(succeeds(kv, "kv", "delete", "colour")).isEqualTo("blue");
        assertThat(succeeds(kv, "kv", "get", "colour")).isEqualTo("(absent)");
        assertThat(succeeds(kv, "kv", "get", "shape")).isEqualTo("round");
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                arguments("counter", List.of("kv", "get", "k"), "this deployment runs 'counter', not 'kv'"),
                arguments("kv", List.of("counter", "get"), "this deployment runs 'kv', not 'counter'"),
                arguments("counter", List.of("noop"), "this deployment runs 'counter', not 'noop'"),
                arguments("counter", List.of("counter"), "missing operation"),
                arguments("counter", List.of("counter", "increment", "five"), "'five' is not a whole number"),
                arguments("counter", List.of("counter", "reset"), "unknown counter operation 'reset' (increment, get)"),
                arguments("kv", List.of("kv", "get"), "missing KEY"),
                arguments("kv", List.of("kv", "put", "k"), "missing VALUE"),
                arguments("kv", List.of("kv", "cas", "k", "old"), "missing NEW"),
                arguments("kv", List.of("kv", "scan"), "unknown kv operation 'scan' (get, put, delete, cas)"));
    }

    @ParameterizedTest(name = "{0}: molt client {1}")
    @MethodSource("usageErrors")
    void usageErrorsExitWithTwoAndSayWhatIsWrong(String service, List<String> command, String message) {
        Molt.Run run = client(service.equals("kv") ? kv : counter, command.toArray(String[]::new));

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("molt client: " + message);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aCommandIsRequired() {
        Molt.Run run = client(counter);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter").contains("COMMAND");
    }
}
