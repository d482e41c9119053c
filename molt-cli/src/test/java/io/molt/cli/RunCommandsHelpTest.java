package io.molt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code molt demo --help} and {@code molt bench --help}: nothing runs, the options are explained. */
@Timeout(30)
class RunCommandsHelpTest {

    @ParameterizedTest(name = "molt {0} --help")
    @ValueSource(strings = {"demo", "bench"})
    void helpExplainsTheRunOptions(String command) {
        Molt.Run run = Molt.run(command, "--help");

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("Usage: molt " + command).contains("--crash=ID@T").contains("--json")
                .contains("--duration=<duration>").contains("--service").contains("--replicas");
        assertThat(run.err()).isEmpty();
    }

    @ParameterizedTest(name = "molt bench --help mentions {0}")
    @ValueSource(strings = {"--warmup", "--baseline", "--with-crash=ID@T"})
    void benchHelpExplainsItsOwnOptions(String option) {
        assertThat(Molt.run("bench", "--help").out()).contains(option);
    }
}
