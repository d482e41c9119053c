package io.molt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.molt.core.id.PeerId;
import io.molt.core.keys.KeyDirectory;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code molt keys init}. */
@Timeout(60)
class KeysCommandTest {
    private static final List<String> EXPECTED_FILES = List.of("ca.crt", "ca.key",
            "replica-0.crt", "replica-0.key", "replica-1.crt", "replica-1.key",
            "replica-2.crt", "replica-2.key", "replica-3.crt", "replica-3.key",
            "client-0.crt", "client-0.key", "client-1.crt", "client-1.key");

    @TempDir
    Path dir;

    private Molt.Run init(String... extra) {
        String[] args = Stream.concat(Stream.of("keys", "init", "--dir", dir.resolve("keys").toString(),
                "--replicas", "4", "--clients", "2"), Stream.of(extra)).toArray(String[]::new);
        return Molt.run(args);
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("keys"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void initCreatesTheAuthorityAndEveryReplicasAndClientsCredentials() throws Exception {
        Molt.Run run = init();

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("4 replica and 2 client credentials");
        assertThat(fileNames()).containsExactlyInAnyOrderElementsOf(EXPECTED_FILES);
        Path keys = dir.resolve("keys");
        for (PeerId peer : List.of(PeerId.replica(0), PeerId.replica(3), PeerId.client(0), PeerId.client(1))) {
            assertThat(KeyDirectory.loadCredentials(keys, peer).self()).as("usable credentials").isEqualTo(peer);
        }
    }

    @Test
    void aSecondInitWithoutForceFailsNamingTheExistingFileAndKeepsTheKeys() throws Exception {
        assertThat(init().exitCode()).isZero();
        String authority = Files.readString(dir.resolve("keys/ca.crt"));

        Molt.Run again = init();

        assertThat(again.exitCode()).as("%s", again).isNotZero();
        assertThat(again.err()).contains(dir.resolve("keys").resolve("ca.crt").toString()).contains("already exists");
        assertThat(Files.readString(dir.resolve("keys/ca.crt"))).isEqualTo(authority);
    }

    @Test
    void forceReplacesTheKeys() throws Exception {
        assertThat(init().exitCode()).isZero();
        String authority = Files.readString(dir.resolve("keys/ca.crt"));

        Molt.Run forced = init("--force");

        assertThat(forced.exitCode()).as("%s", forced).isZero();
        assertThat(Files.readString(dir.resolve("keys/ca.crt"))).isNotEqualTo(authority);
        assertThat(fileNames()).containsExactlyInAnyOrderElementsOf(EXPECTED_FILES);
    }

    @Test
    void privateKeysAreReadableByTheirOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions are not supported here");
        assertThat(init().exitCode()).isZero();

        for (String name : EXPECTED_FILES) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir.resolve("keys").resolve(name));
            if (name.endsWith(".key")) {
                assertThat(PosixFilePermissions.toString(permissions)).as(name).isEqualTo("rw-------");
            } else {
                assertThat(permissions).as(name).contains(PosixFilePermission.OTHERS_READ);
            }
        }
    }

    @Test
    void aReplicaCountBelowOneIsAUsageError() {
        Molt.Run run = Molt.run("keys", "init", "--dir", dir.resolve("keys").toString(), "--replicas", "0");

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("--replicas must be at least 1");
        assertThat(dir.resolve("keys")).doesNotExist();
    }
}
