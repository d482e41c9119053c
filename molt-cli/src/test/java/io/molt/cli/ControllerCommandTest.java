package io.molt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.bench.LocalEnsemble;
import io.molt.core.config.ConfigWriter;
import io.molt.core.config.MoltConfig;
import io.molt.core.config.RefreshSettings;
import io.molt.core.config.ReplicaAddress;
import io.molt.core.keys.KeyDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code molt controller}: it runs a deployment's replicas on this machine and refreshes
 * them; a deployment it cannot run is refused with a clear error before anything starts.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ControllerCommandTest {
    @TempDir
    Path dir;

    @Test
    void startsTheReplicasAndRefreshesOneThenStops() throws IOException {
        Path config = deployment(6, 1, RefreshSettings.DEFAULTS.withPeriod(Duration.ofSeconds(1))
                .withControllerClient(1));

        Molt.Run run = Molt.run("controller", "--config", config.toString(), "--max-refreshes", "1");

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("starting 6 replicas")
                .containsPattern("epoch 1: replica 1 swapped at slot \\d+, \\S+ -> \\S+, out of service \\d+ ms")
                .contains("epoch 1: replica 1 recovered its state").contains("1 refreshes completed");
        assertThat(dir.resolve("data/replica-1-epoch-1")).as("the refreshed incarnation's own storage")
                .isDirectory();
        assertThat(dir.resolve("replica-1-epoch-1.log")).isRegularFile();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid))
                .as("no replica or standby process left behind").isEmpty();
    }

    @Test
    void refusesReplicasOnOtherMachines() throws IOException {
        Path config = deployment(4, 0, RefreshSettings.DEFAULTS.withControllerClient(1));
        MoltConfig loaded = io.molt.core.config.ConfigLoader.load(config, java.util.Set.of("counter"));
        List<ReplicaAddress> replicas = new ArrayList<>(loaded.replicas());
        replicas.set(2, new ReplicaAddress(2, "192.0.2.7", 7002)); // TEST-NET-1: never this machine's
        ConfigWriter.write(new MoltConfig(loaded.t(), loaded.r(), loaded.service(), replicas, loaded.keysDir(),
                loaded.storageDir(), loaded.durable(), loaded.protocol(), loaded.limits(), loaded.client(),
                loaded.refresh()), config);

        Molt.Run run = Molt.run("controller", "--config", config.toString());

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("replica 2's host 192.0.2.7 is not an address of this machine");
        assertThat(run.out()).doesNotContain("starting");
    }

    @Test
    void refusesWithoutAControllerIdentity() throws IOException {
        Path config = deployment(4, 0, RefreshSettings.DEFAULTS);

        Molt.Run run = Molt.run("controller", "--config", config.toString());

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("refresh.controller-client is not set");
    }

    @Test
    void refusesToResumeAnEarlierRunsEpochs() throws IOException {
        Path config = deployment(4, 0, RefreshSettings.DEFAULTS.withControllerClient(1));
        Files.createDirectories(dir.resolve("data/replica-3-epoch-7"));

        Molt.Run run = Molt.run("controller", "--config", config.toString());

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("[replica-3-epoch-7]").contains("does not resume");
        assertThat(dir.resolve("data/replica-3-epoch-7")).as("nothing touched").isEmptyDirectory();
    }

    /** Keys for {@code n} replicas and two clients, and a molt.yaml with {@code refresh}, in the test's directory. */
    private Path deployment(int n, int r, RefreshSettings refresh) throws IOException {
        Path keys = dir.resolve("keys");
        KeyDirectory.init(keys, n, 2, KeyDirectory.InitOptions.DEFAULTS.withOverwrite(true));
        MoltConfig config = ConfigWriter.localEnsemble(1, r, "counter", LocalEnsemble.freePorts(n), keys,
                dir.resolve("data")).withRefresh(refresh);
        Path file = dir.resolve("molt.yaml");
        ConfigWriter.write(config, file);
        return file;
    }
}
