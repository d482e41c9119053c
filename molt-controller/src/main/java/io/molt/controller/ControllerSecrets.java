package io.molt.controller;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The controller's secret variant seed, kept beside the authority's key in the key
 * directory ({@code controller.seed}, readable by its owner only). Created on first use;
 * with it an operator can reproduce which variant every incarnation ran.
 */
public final class ControllerSecrets {
    public static final String SEED_FILE = "controller.seed";
    private static final int SEED_BYTES = 32;

    private ControllerSecrets() {}

    /** The seed in {@code keysDir}, made and written first if there is none. */
    public static byte[] variantSeed(Path keysDir) throws IOException {
        Path file = keysDir.resolve(SEED_FILE);
        if (!Files.exists(file)) {
            byte[] seed = new byte[SEED_BYTES];
            new SecureRandom().nextBytes(seed);
            try {
                Files.write(Files.createFile(file, ownerOnly(keysDir)), seed);
            } catch (FileAlreadyExistsException e) {
                // another controller process made it first: use that one
            }
        }
        requireOwnerOnly(file);
        byte[] seed = Files.readAllBytes(file);
        if (seed.length < 16) {
            throw new IOException(file + " holds " + seed.length + " bytes; a variant seed needs at least 16 "
                    + "(delete it to make a new one)");
        }
        return seed;
    }

    /** Whoever can read the seed can predict every variant: refuse a seed others can read. */
    private static void requireOwnerOnly(Path file) throws IOException {
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) == null) {
            return;
        }
        var permissions = Files.getPosixFilePermissions(file);
        for (var p : permissions) {
            if (p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_")) {
                throw new IOException(file + " is accessible to others (" + PosixFilePermissions.toString(permissions)
                        + "); the variant seed must be readable by its owner only: chmod 600 " + file);
            }
        }
    }

    private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly(Path dir) {
        if (Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class) == null) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
        return new java.nio.file.attribute.FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
}
