package io.molt.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final Path BASE = Path.of("/etc/molt");

    static final String MINIMAL = """
            t: 1
            service: counter
            replicas:
              - {id: 0, host: 127.0.0.1, port: 7000}
              - {id: 1, host: 127.0.0.1, port: 7001}
              - {id: 2, host: 127.0.0.1, port: 7002}
              - {id: 3, host: 127.0.0.1, port: 7003}
            keys: ./keys
            """;

    @Test
    void minimalFileTakesDefaults() {
        MoltConfig config = ConfigLoader.parse(MINIMAL, BASE);
        assertThat(config.t()).isEqualTo(1);
        assertThat(config.r()).isZero();
        assertThat(config.n()).isEqualTo(4);
        assertThat(config.quorums().agreement()).isEqualTo(3);
        assertThat(config.quorums().vouch()).isEqualTo(2);
        assertThat(config.service()).isEqualTo("counter");
        assertThat(config.replica(2)).isEqualTo(new ReplicaAddress(2, "127.0.0.1", 7002));
        assertThat(config.keysDir()).isEqualTo(Path.of("/etc/molt/keys"));
        assertThat(config.storageDir()).isEqualTo(Path.of("/etc/molt/data"));
        assertThat(config.protocol()).isEqualTo(ProtocolSettings.DEFAULTS);
        assertThat(config.limits()).isEqualTo(LimitSettings.DEFAULTS);
        assertThat(config.client()).isEqualTo(ClientSettings.DEFAULTS);
    }

    @Test
    void fullFileSetsEverything() {
        MoltConfig config = ConfigLoader.parse("""
                t: 1
                r: 1
                service: kv
                replicas:
                  - {id: 5, host: "fd00::15", port: 7005}
                  - {id: 3, host: replica-3.example.org, port: 7003}
                  - {id: 1, host: 10.0.0.1, port: 7001}
                  - {id: 0, host: 10.0.0.0, port: 7000}
                  - {id: 2, host: 10.0.0.2, port: 7002}
                  - {id: 4, host: 10.0.0.4, port: 65535}
                keys: /secrets/molt
                storage: ../var/molt
                protocol:
                  window: 128
                  max-proposals-in-flight: 4
                  batch-max-requests: 512
                  batch-max-bytes: 2MiB
                  view-change-timeout: 1s
                  censorship-timeout: 2s
                  client-window: 256
                  pool-max-requests: 5000
                  decision-retention: 1024
                  rejoin-backoff-slots: 64
                  checkpoint-interval: 512
                  snapshot-chunk-bytes: 256KiB
                limits:
                  max-frame-bytes: 32MiB
                  max-request-bytes: 4MiB
                  replica-queue-bytes: 1GiB
                  client-queue-bytes: 16MiB
                  client-messages-per-second: 5000
                client:
                  request-timeout: 1m
                  max-retries: 0
                """, BASE);
        assertThat(config.n()).isEqualTo(6);
        assertThat(config.quorums().agreement()).isEqualTo(4);
        assertThat(config.replicas()).extracting(ReplicaAddress::id).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(config.replica(5).hostAndPort()).isEqualTo("[fd00::15]:7005");
        assertThat(config.keysDir()).isEqualTo(Path.of("/secrets/molt"));
        assertThat(config.storageDir()).isEqualTo(Path.of("/etc/var/molt"));
        assertThat(config.protocol()).isEqualTo(new ProtocolSettings(128, 4, 512, 2 << 20, 1000, 2000, 256, 5000,
                1024, 64, 512, 256 << 10));
        assertThat(config.limits()).isEqualTo(new LimitSettings(32 << 20, 4 << 20, 1L << 30, 16L << 20, 5000));
        assertThat(config.client()).isEqualTo(new ClientSettings(Duration.ofMinutes(1), 0));
    }

    @Test
    void emptySectionsMeanDefaults() {
        MoltConfig config = ConfigLoader.parse(MINIMAL + "protocol:\nlimits: {}\n", BASE);
        assertThat(config.protocol()).isEqualTo(ProtocolSettings.DEFAULTS);
        assertThat(config.limits()).isEqualTo(LimitSettings.DEFAULTS);
    }

    @Test
    void sizesMayBePlainNumbers() {
        MoltConfig config = ConfigLoader.parse(MINIMAL + "limits:\n  max-request-bytes: 65536\n", BASE);
        assertThat(config.limits().maxRequestBytes()).isEqualTo(65536);
    }

    @Test
    void knownServicesAreAccepted() {
        assertThat(ConfigLoader.parse(MINIMAL, BASE, java.util.Set.of("counter", "kv")).service()).isEqualTo("counter");
    }

    @Test
    void loadResolvesPathsAgainstTheFilesDirectory(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("conf/molt.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, MINIMAL.replace("./keys", "../keys"));
        MoltConfig config = ConfigLoader.load(file);
        assertThat(config.keysDir()).isEqualTo(dir.resolve("keys").toAbsolutePath().normalize());
        assertThat(config.storageDir()).isEqualTo(dir.resolve("conf/data").toAbsolutePath().normalize());
    }

    @Test
    void loadNamesTheFileInErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("molt.yaml");
        Files.writeString(file, MINIMAL.replaceFirst("t: 1", "t: -1"));
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration in " + file + " (1 error):\n  line 1: t: -1 is out of range"
                        + " (expected 0 or more)");
    }

    @Test
    void loadRefusesNonUtf8AndHugeFiles(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "service: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ConfigLoader.load(latin1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("the file is not UTF-8 text");

        Path huge = dir.resolve("huge.yaml");
        Files.write(huge, new byte[ConfigLoader.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> ConfigLoader.load(huge)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected a configuration of at most 1MiB");
    }

    @Test
    void aByteOrderMarkIsIgnored() {
        assertThat(ConfigLoader.parse("\uFEFF" + MINIMAL, BASE).n()).isEqualTo(4);
    }

    @Test
    void theAnnotatedExampleLoads() throws IOException {
        Path example = Path.of("..", "docs", "molt.example.yaml");
        MoltConfig config = ConfigLoader.load(example, java.util.Set.of("counter", "kv"));
        assertThat(config.n()).isEqualTo(6);
        assertThat(config.t()).isEqualTo(1);
        assertThat(config.r()).isEqualTo(1);
        assertThat(config.service()).isEqualTo("kv");
        // The example documents the defaults, so it must show exactly them.
        assertThat(config.protocol()).isEqualTo(ProtocolSettings.DEFAULTS);
        assertThat(config.limits()).isEqualTo(LimitSettings.DEFAULTS);
        assertThat(config.client()).isEqualTo(ClientSettings.DEFAULTS);
        assertThat(config.refresh()).isEqualTo(RefreshSettings.DEFAULTS.withControllerClient(7));
        assertThat(config.keysDir()).isEqualTo(example.toAbsolutePath().normalize().getParent().resolve("keys"));
    }
}
