package io.molt.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmInstallationsTest {
    private static Path fakeJdk(Path root, String name, String release) throws IOException {
        Path home = Files.createDirectories(root.resolve(name));
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), release);
        return home;
    }

    @Test
    void findsEachInstalledJdkOnceWithItsVendorAndVersion(@TempDir Path root) throws IOException {
        Path temurin = fakeJdk(root, "temurin-25-jdk-amd64",
                "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n");
        fakeJdk(root, "java-21-openjdk-amd64", "IMPLEMENTOR=\"Debian\"\nJAVA_VERSION=\"21.0.1\"\n");
        Files.createSymbolicLink(root.resolve("temurin-alias"), temurin);
        Files.createDirectories(root.resolve("not-a-jdk"));

        List<Variant.Jvm> found = JvmInstallations.discover(List.of(root));

        // The running JVM comes first; the fakes follow, each once, the alias folded in.
        assertThat(found.get(0).javaBinary().toString()).contains(System.getProperty("java.home"));
        assertThat(found.subList(1, found.size())).extracting(Variant.Jvm::name, Variant.Jvm::featureVersion)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("openjdk-21", 21),
                        org.assertj.core.groups.Tuple.tuple("temurin-25", 25));
    }

    @Test
    void aDirectoryWithoutAReadableReleaseIsNoJdk(@TempDir Path root) throws IOException {
        fakeJdk(root, "broken", "no version here\n");
        assertThat(JvmInstallations.describe(root.resolve("broken"))).isEmpty();
        assertThat(JvmInstallations.describe(root.resolve("missing"))).isEmpty();
    }
}
