package io.molt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.config.ConfigWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code molt replica} refuses to start on a bad configuration or id; none of these starts a replica. */
@Timeout(30)
class ReplicaCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBrokenConfigurationIsRefusedWithEveryErrorNamingItsField() throws Exception {
        Path config = Files.writeString(dir.resolve("broken.yaml"), """
                t: 1
                service: counter
                replicas:
                  - id: 0
                    host: 127.0.0.1
                    port: 7000
                  - id: 1
                    host: 127.0.0.1
                    port: 70000
                  - id: 2
                    host: 127.0.0.1
                    port: 7002
                  - id: 3
                    host: 127.0.0.1
                    port: 7003
                keys: ./keys
                protocl:
                  window: 64
                """);

        Molt.Run run = Molt.run("replica", "--config", config.toString(), "--id", "0");

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("invalid configuration").contains(config.toString())
                .contains("(2 errors)")
                .containsPattern("line 9: replicas\\[1]\\.port: .*70000")
                .containsPattern("line 17: protocl: unknown field.*protocol");
        assertThat(run.out()).doesNotContain("ready");
    }

    @Test
    void anIdOutsideTheEnsembleIsRefusedNamingTheValidRange() throws Exception {
        Path config = dir.resolve("molt.yaml");
        ConfigWriter.write(ConfigWriter.localEnsemble(1, 0, "counter", List.of(7000, 7001, 7002, 7003),
                dir.resolve("keys"), dir.resolve("data")), config);

        Molt.Run run = Molt.run("replica", "--config", config.toString(), "--id", "9");

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("--id 9").contains("ids 0..3");
        assertThat(run.out()).doesNotContain("ready");
    }
}
