package io.molt.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerSecretsTest {
    @TempDir
    Path keys;

    @Test
    void theSeedIsMadeOnceOwnerOnlyAndKept() throws IOException {
        byte[] first = ControllerSecrets.variantSeed(keys);
        byte[] again = ControllerSecrets.variantSeed(keys);

        assertThat(first).hasSize(32).isEqualTo(again);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                keys.resolve(ControllerSecrets.SEED_FILE)))).isEqualTo("rw-------");
    }

    @Test
    void aSeedOthersCanReadIsRefused() throws IOException {
        ControllerSecrets.variantSeed(keys);
        Path seed = keys.resolve(ControllerSecrets.SEED_FILE);
        Files.setPosixFilePermissions(seed, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> ControllerSecrets.variantSeed(keys)).isInstanceOf(IOException.class)
                .hasMessageContaining("accessible to others").hasMessageContaining("chmod 600");
    }

    @Test
    void aShortSeedIsRefused() throws IOException {
        Path seed = keys.resolve(ControllerSecrets.SEED_FILE);
        Files.write(seed, new byte[8]);
        Files.setPosixFilePermissions(seed, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> ControllerSecrets.variantSeed(keys)).isInstanceOf(IOException.class)
                .hasMessageContaining("holds 8 bytes");
    }
}
