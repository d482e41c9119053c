package io.molt.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWriterTest {

    @Test
    void aLocalEnsembleRoundTripsThroughTheLoader(@TempDir Path dir) throws IOException {
        MoltConfig config = ConfigWriter.localEnsemble(1, 1, "kv", List.of(7000, 7001, 7002, 7003, 7004, 7005),
                dir.resolve("keys"), dir.resolve("state"));
        Path file = dir.resolve("molt.yaml");
        ConfigWriter.write(config, file);

        assertThat(ConfigLoader.load(file)).isEqualTo(config);
        assertThat(config.replica(3)).isEqualTo(new ReplicaAddress(3, "127.0.0.1", 7003));
        String yaml = Files.readString(file);
        assertThat(yaml).contains("keys: \"keys\"\n", "storage: \"state\"\n")
                .doesNotContain("protocol:", "limits:", "client:");
        try (var files = Files.list(dir)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("molt.yaml");
        }
    }

    @Test
    void everyNonDefaultSettingRoundTrips(@TempDir Path dir) {
        MoltConfig config = new MoltConfig(2, 1, "my-service",
                List.of(new ReplicaAddress(0, "::1", 1), new ReplicaAddress(1, "10.1.2.3", 65535),
                        new ReplicaAddress(2, "a.example.org", 9000), new ReplicaAddress(3, "yes", 9000),
                        new ReplicaAddress(4, "null", 9001), new ReplicaAddress(5, "r5", 9002),
                        new ReplicaAddress(6, "r6", 9003), new ReplicaAddress(7, "r7", 9004),
                        new ReplicaAddress(8, "r8", 9005)),
                Path.of("/opt/molt keys/#1 \"quoted\" \\ back"), dir.resolve("data/../state"), false,
                new ProtocolSettings(8, 1, 16, 1536 * 1024, 1500, 90_000, 7, 3, 24, 1, 12, 4096),
                new LimitSettings(5 << 20, 1000, 5L << 30, 3L << 20, 77),
                new ClientSettings(Duration.ofMillis(1), 0),
                new RefreshSettings(Duration.ofSeconds(7), 20_000, java.util.OptionalLong.of(3)));
        String yaml = ConfigWriter.toYaml(config, dir);

        assertThat(ConfigLoader.parse(yaml, dir)).isEqualTo(config);
        assertThat(yaml).contains("view-change-timeout: 1500ms", "censorship-timeout: 90s", "batch-max-bytes: 1536KiB",
                "replica-queue-bytes: 5GiB", "request-timeout: 1ms", "host: \"yes\"",
                "refresh:\n  period: 7s\n  lifespan-requests: 20000\n  controller-client: 3\n");
    }

    @Test
    void theBaseDirectoryItselfIsWrittenAsDot(@TempDir Path dir) {
        MoltConfig config = ConfigWriter.localEnsemble(0, 0, "counter", List.of(7000), dir, dir);
        String yaml = ConfigWriter.toYaml(config, dir);
        assertThat(yaml).contains("keys: \".\"\n");
        assertThat(ConfigLoader.parse(yaml, dir)).isEqualTo(config);
    }

    @Test
    void pathsOutsideTheBaseDirectoryStayAbsolute(@TempDir Path dir) {
        Path elsewhere = dir.resolve("elsewhere").toAbsolutePath();
        MoltConfig config = ConfigWriter.localEnsemble(0, 0, "counter", List.of(7000), elsewhere, elsewhere);
        String yaml = ConfigWriter.toYaml(config, dir.resolve("conf"));
        assertThat(yaml).contains("keys: \"" + elsewhere + "\"");
        assertThat(ConfigLoader.parse(yaml, dir.resolve("conf"))).isEqualTo(config);
    }

    @Test
    void anEnsembleTooSmallForTIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigWriter.localEnsemble(1, 0, "counter", List.of(7000, 7001, 7002), dir, dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need n >= 3t + 2r + 1 = 4");
    }

    @Test
    void writingReplacesAnExistingFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("molt.yaml");
        Files.writeString(file, "old");
        MoltConfig config = ConfigWriter.localEnsemble(0, 0, "counter", List.of(7000), dir, dir);
        ConfigWriter.write(config, file);
        assertThat(ConfigLoader.load(file)).isEqualTo(config);
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(ConfigWriter.quoted("a\tb\"c\\")).isEqualTo("\"a\\x09b\\\"c\\\\\"");
    }
}
