package io.molt.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.core.crypto.CertificateInfo;
import io.molt.core.crypto.Credentials;
import io.molt.core.crypto.Ed25519;
import io.molt.core.crypto.Ed25519Keys;
import io.molt.core.crypto.EpochRange;
import io.molt.core.crypto.Validity;
import io.molt.core.id.PeerId;
import io.molt.core.keys.KeyDirectory.InitOptions;
import io.molt.core.keys.KeyDirectoryException.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDirectoryTest {

    private static final PeerId R1 = PeerId.replica(1);

    @TempDir
    Path dir;

    @BeforeEach
    void init() throws Exception {
        KeyDirectory.init(dir, 4, 2, InitOptions.DEFAULTS);
    }

    @Test
    void initWritesOnePairPerPeerAndTheAuthority() throws Exception {
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "ca.crt", "ca.key",
                    "replica-0.crt", "replica-0.key", "replica-1.crt", "replica-1.key",
                    "replica-2.crt", "replica-2.key", "replica-3.crt", "replica-3.key",
                    "client-0.crt", "client-0.key", "client-1.crt", "client-1.key");
        }
    }

    @Test
    void privateKeysAreOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("client-1.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("client-1.crt"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void loadsCredentialsThatBelongTogether() throws Exception {
        Credentials credentials = KeyDirectory.loadCredentials(dir, PeerId.client(1));

        assertThat(credentials.self()).isEqualTo(PeerId.client(1));
        assertThat(credentials.authority()).isEqualTo(KeyDirectory.loadAuthorityCertificate(dir));
        assertThat(CertificateInfo.of(credentials.certificate()).peer()).isEqualTo(PeerId.client(1));
        assertThat(CertificateInfo.of(credentials.certificate()).epochs()).isEqualTo(EpochRange.ALL);
        assertThat(Ed25519Keys.matches(credentials.privateKey(), credentials.certificate().getPublicKey())).isTrue();
    }

    @Test
    void replicaPublicKeysVerifyReplicaSignatures() throws Exception {
        List<byte[]> keys = KeyDirectory.replicaPublicKeys(dir, 4);

        assertThat(keys).hasSize(4);
        for (int id = 0; id < 4; id++) {
            byte[] privateKey = Ed25519Keys.rawPrivateKey(KeyDirectory.loadCredentials(dir, PeerId.replica(id))
                    .privateKey());
            byte[] signature = Ed25519.sign(privateKey, new byte[] {(byte) id});
            assertThat(Ed25519.verify(keys.get(id), new byte[] {(byte) id}, signature)).as("replica %d", id).isTrue();
        }
    }

    @Test
    void loadedAuthorityIssuesCertificatesPeersAccept() throws Exception {
        var ca = KeyDirectory.loadAuthority(dir);
        Credentials fresh = ca.issueCredentials(PeerId.replica(9), EpochRange.only(3),
                Validity.startingNow(Instant.now(), Duration.ofHours(1)), new SecureRandom());

        CertificateInfo.of(fresh.certificate()).verifyIssuedBy(KeyDirectory.loadAuthorityCertificate(dir));
    }

    @Test
    void refusesToOverwriteAndWritesNothing() throws Exception {
        String before = Files.readString(dir.resolve("ca.crt"));

        assertProblem(() -> KeyDirectory.init(dir, 4, 2, InitOptions.DEFAULTS), Problem.EXISTS, dir.resolve("ca.crt"));
        assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo(before);
    }

    @Test
    void refusesWhenAnyOneFileIsInTheWay(@TempDir Path other) throws Exception {
        Files.writeString(other.resolve("client-0.key"), "keep me");

        assertProblem(() -> KeyDirectory.init(other, 1, 1, InitOptions.DEFAULTS), Problem.EXISTS,
                other.resolve("client-0.key"));
        try (var files = Files.list(other)) {
            assertThat(files).containsExactly(other.resolve("client-0.key"));
        }
    }

    @Test
    void overwritesWhenAsked() throws Exception {
        String before = Files.readString(dir.resolve("ca.crt"));

        KeyDirectory.init(dir, 4, 2, InitOptions.DEFAULTS.withOverwrite(true));

        assertThat(Files.readString(dir.resolve("ca.crt"))).isNotEqualTo(before);
        KeyDirectory.loadCredentials(dir, R1);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary files left behind").hasSize(14);
        }
    }

    @Test
    void missingFilesAreNamed() throws Exception {
        Files.delete(dir.resolve("replica-1.key"));
        Files.delete(dir.resolve("replica-3.crt"));

        assertProblem(() -> KeyDirectory.loadCredentials(dir, R1), Problem.MISSING, dir.resolve("replica-1.key"));
        assertProblem(() -> KeyDirectory.replicaPublicKeys(dir, 4), Problem.MISSING, dir.resolve("replica-3.crt"));
        assertProblem(() -> KeyDirectory.loadCredentials(dir, PeerId.client(5)), Problem.MISSING,
                dir.resolve("client-5.crt"));
        Files.delete(dir.resolve("ca.crt"));
        assertProblem(() -> KeyDirectory.loadCertificate(dir, R1), Problem.MISSING, dir.resolve("ca.crt"));
    }

    @Test
    void garbledFilesAreNamed() throws Exception {
        Files.writeString(dir.resolve("replica-1.crt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n");
        Files.write(dir.resolve("replica-2.key"), new byte[] {(byte) 0xff, 0, 1, 2});

        assertProblem(() -> KeyDirectory.loadCertificate(dir, R1), Problem.INVALID, dir.resolve("replica-1.crt"));
        assertProblem(() -> KeyDirectory.loadCredentials(dir, PeerId.replica(2)), null, dir.resolve("replica-2.key"));
    }

    @Test
    void certificateOfAnotherPeerIsInvalid() throws Exception {
        Files.copy(dir.resolve("replica-2.crt"), dir.resolve("replica-1.crt"), StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> KeyDirectory.loadCredentials(dir, R1))
                .isInstanceOfSatisfying(KeyDirectoryException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INVALID);
                    assertThat(e.file()).isEqualTo(dir.resolve("replica-1.crt"));
                })
                .hasMessageContaining("names replica-2, not replica-1");
    }

    @Test
    void keyOfAnotherPeerIsInvalid() throws Exception {
        Files.copy(dir.resolve("replica-2.key"), dir.resolve("replica-1.key"), StandardCopyOption.REPLACE_EXISTING);

        assertProblem(() -> KeyDirectory.loadCredentials(dir, R1), Problem.INVALID, dir.resolve("replica-1.key"));
    }

    @Test
    void certificateFromAnotherAuthorityIsInvalid(@TempDir Path other) throws Exception {
        KeyDirectory.init(other, 2, 0, InitOptions.DEFAULTS);
        Files.copy(other.resolve("replica-1.crt"), dir.resolve("replica-1.crt"), StandardCopyOption.REPLACE_EXISTING);

        assertProblem(() -> KeyDirectory.replicaPublicKeys(dir, 4), Problem.INVALID, dir.resolve("replica-1.crt"));
    }

    @Test
    void endEntityCertificateIsNotAnAuthority() throws Exception {
        Files.copy(dir.resolve("replica-0.crt"), dir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);

        assertProblem(() -> KeyDirectory.loadAuthority(dir), Problem.INVALID, dir.resolve("ca.crt"));
    }

    /** Expects a {@link KeyDirectoryException} about {@code file}; any problem when {@code problem} is null. */
    private static void assertProblem(ThrowingCallable call, Problem problem, Path file) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(KeyDirectoryException.class, e -> {
                    if (problem != null) {
                        assertThat(e.problem()).isEqualTo(problem);
                    }
                    assertThat(e.file()).isEqualTo(file);
                })
                .hasMessageContaining(file.getFileName().toString());
    }
}
