package io.molt.core.keys;

import io.molt.core.crypto.CertificateAuthority;
import io.molt.core.crypto.CertificateInfo;
import io.molt.core.crypto.Credentials;
import io.molt.core.crypto.Ed25519Keys;
import io.molt.core.crypto.EpochRange;
import io.molt.core.crypto.Pem;
import io.molt.core.crypto.Validity;
import io.molt.core.id.PeerId;
import io.molt.core.keys.KeyDirectoryException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The key material of an ensemble in one directory, as PEM files:
 *
 * <pre>
 *   ca.crt  ca.key                  the certificate authority
 *   replica-N.crt  replica-N.key    one pair per replica
 *   client-N.crt  client-N.key      one pair per client
 * </pre>
 *
 * Private keys are written readable by their owner only (0600) where the file system
 * has POSIX permissions. Every file is written under a temporary name and moved into
 * place, so a crash never leaves half a key behind. Errors are
 * {@link KeyDirectoryException}s that name the file at fault.
 *
 * <p>The CA key lives here until the controller takes it over; a replica only ever needs
 * {@code ca.crt} and its own pair.
 */
public final class KeyDirectory {

    public static final String CA_CERTIFICATE = "ca.crt";
    public static final String CA_KEY = "ca.key";

    private static final Set<PosixFilePermission> KEY_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> CERTIFICATE_PERMISSIONS =
            PosixFilePermissions.fromString("rw-r--r--");

    /**
     * How {@link #init} issues.
     *
     * @param validity how long the certificates are valid, from now
     * @param epochs the epochs every issued certificate covers
     * @param overwrite whether existing files may be replaced; when false, {@code init}
     *     writes nothing if any of its files exists
     */
    public record InitOptions(Duration validity, EpochRange epochs, boolean overwrite) {
        public static final InitOptions DEFAULTS = new InitOptions(Duration.ofDays(365), EpochRange.ALL, false);

        public InitOptions {
            if (validity.isNegative() || validity.isZero()) {
                throw new IllegalArgumentException("validity must be positive: " + validity);
            }
        }

        public InitOptions withOverwrite(boolean replace) {
            return new InitOptions(validity, epochs, replace);
        }
    }

    private KeyDirectory() {}

    public static Path certificateFile(Path dir, PeerId peer) {
        return dir.resolve(peer.commonName() + ".crt");
    }

    public static Path keyFile(Path dir, PeerId peer) {
        return dir.resolve(peer.commonName() + ".key");
    }

    /**
     * Creates a new authority and issues a key pair and certificate for replicas
     * {@code 0..replicas-1} and clients {@code 0..clients-1}; creates {@code dir} if needed.
     *
     * @throws KeyDirectoryException with {@link Problem#EXISTS} naming the first file in the
     *     way when {@code options} do not allow overwriting (nothing is written then)
     */
    public static void init(Path dir, int replicas, int clients, InitOptions options) throws KeyDirectoryException {
        if (replicas < 1 || clients < 0) {
            throw new IllegalArgumentException("need at least one replica and no negative client count: "
                    + replicas + " replicas, " + clients + " clients");
        }
        List<PeerId> peers = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            peers.add(PeerId.replica(i));
        }
        for (long i = 0; i < clients; i++) {
            peers.add(PeerId.client(i));
        }
        if (!options.overwrite()) {
            refuseExisting(dir, peers);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KeyDirectoryException(Problem.INACCESSIBLE, dir, "cannot create the directory: " + e, e);
        }

        SecureRandom random = new SecureRandom();
        Validity validity = Validity.startingNow(Instant.now(), options.validity());
        CertificateAuthority ca = CertificateAuthority.create(validity, random);
        writeKey(dir.resolve(CA_KEY), ca.privateKey());
        writeCertificate(dir.resolve(CA_CERTIFICATE), ca.certificate());
        for (PeerId peer : peers) {
            Credentials issued = ca.issueCredentials(peer, options.epochs(), validity, random);
            writeKey(keyFile(dir, peer), issued.privateKey());
            writeCertificate(certificateFile(dir, peer), issued.certificate());
        }
    }

    /**
     * What {@code self} presents on its channels: its key, its certificate (checked to name
     * {@code self}, to be issued by {@code ca.crt} and to match the key) and the authority.
     */
    public static Credentials loadCredentials(Path dir, PeerId self) throws KeyDirectoryException {
        X509Certificate authority = loadAuthorityCertificate(dir);
        CertificateInfo info = loadVerified(dir, self, authority);
        Path keyFile = keyFile(dir, self);
        PrivateKey key = read(keyFile, Pem::decodePrivateKey);
        if (!Ed25519Keys.matches(key, info.certificate().getPublicKey())) {
            throw new KeyDirectoryException(Problem.INVALID, keyFile,
                    "the key does not belong to the certificate in " + certificateFile(dir, self).getFileName());
        }
        return new Credentials(self, key, info.certificate(), authority);
    }

    /** {@code peer}'s certificate, checked to name {@code peer} and to be issued by {@code ca.crt}. */
    public static X509Certificate loadCertificate(Path dir, PeerId peer) throws KeyDirectoryException {
        return loadVerified(dir, peer, loadAuthorityCertificate(dir)).certificate();
    }

    public static X509Certificate loadAuthorityCertificate(Path dir) throws KeyDirectoryException {
        Path file = dir.resolve(CA_CERTIFICATE);
        X509Certificate certificate = read(file, Pem::decodeCertificate);
        if (certificate.getBasicConstraints() < 0) {
            throw new KeyDirectoryException(Problem.INVALID, file, "not a CA certificate");
        }
        return certificate;
    }

    /** The authority with its private key, for issuing. */
    public static CertificateAuthority loadAuthority(Path dir) throws KeyDirectoryException {
        X509Certificate certificate = loadAuthorityCertificate(dir);
        Path keyFile = dir.resolve(CA_KEY);
        try {
            return CertificateAuthority.of(certificate, read(keyFile, Pem::decodePrivateKey));
        } catch (CertificateException e) {
            throw new KeyDirectoryException(Problem.INVALID, keyFile, e.getMessage(), e);
        }
    }

    /**
     * The raw Ed25519 public keys of replicas {@code 0..replicas-1}, indexed by replica id,
     * from their certificates (each checked against {@code ca.crt}). The protocol verifies
     * replicas' signatures with these.
     */
    public static List<byte[]> replicaPublicKeys(Path dir, int replicas) throws KeyDirectoryException {
        X509Certificate authority = loadAuthorityCertificate(dir);
        List<byte[]> keys = new ArrayList<>(replicas);
        for (int i = 0; i < replicas; i++) {
            keys.add(loadVerified(dir, PeerId.replica(i), authority).rawPublicKey());
        }
        return List.copyOf(keys);
    }

    private static CertificateInfo loadVerified(Path dir, PeerId peer, X509Certificate authority)
            throws KeyDirectoryException {
        Path file = certificateFile(dir, peer);
        X509Certificate certificate = read(file, Pem::decodeCertificate);
        try {
            CertificateInfo info = CertificateInfo.of(certificate);
            if (!info.peer().equals(peer)) {
                throw new KeyDirectoryException(Problem.INVALID, file,
                        "the certificate names " + info.peer().commonName() + ", not " + peer.commonName());
            }
            info.verifyIssuedBy(authority);
            return info;
        } catch (CertificateException e) {
            throw new KeyDirectoryException(Problem.INVALID, file, e.getMessage(), e);
        }
    }

    private static <T> T read(Path file, Function<String, T> decode) throws KeyDirectoryException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new KeyDirectoryException(Problem.MISSING, file, "no such file", e);
        } catch (IOException e) {
            // Includes MalformedInputException: PEM is ASCII, anything else is garbage.
            throw new KeyDirectoryException(Problem.INACCESSIBLE, file, "cannot read: " + e, e);
        }
        try {
            return decode.apply(text);
        } catch (IllegalArgumentException e) {
            throw new KeyDirectoryException(Problem.INVALID, file, e.getMessage(), e);
        }
    }

    private static void refuseExisting(Path dir, List<PeerId> peers) throws KeyDirectoryException {
        List<Path> files = new ArrayList<>(List.of(dir.resolve(CA_CERTIFICATE), dir.resolve(CA_KEY)));
        for (PeerId peer : peers) {
            files.add(certificateFile(dir, peer));
            files.add(keyFile(dir, peer));
        }
        for (Path file : files) {
            if (Files.exists(file)) {
                throw new KeyDirectoryException(Problem.EXISTS, file, "already exists; refusing to overwrite");
            }
        }
    }

    private static void writeKey(Path file, PrivateKey key) throws KeyDirectoryException {
        write(file, Pem.encodePrivateKey(key), KEY_PERMISSIONS);
    }

    private static void writeCertificate(Path file, X509Certificate certificate) throws KeyDirectoryException {
        write(file, Pem.encodeCertificate(certificate), CERTIFICATE_PERMISSIONS);
    }

    private static void write(Path file, String text, Set<PosixFilePermission> permissions)
            throws KeyDirectoryException {
        Path dir = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
            // The temporary file starts owner-only, so a key is never readable by others, not even briefly.
            FileAttribute<?>[] ownerOnly = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(KEY_PERMISSIONS)}
                    : new FileAttribute<?>[0];
            temporary = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly);
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            if (posix) {
                Files.setPosixFilePermissions(temporary, permissions);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new KeyDirectoryException(Problem.EXISTS, file, "already exists", e);
        } catch (IOException e) {
            throw new KeyDirectoryException(Problem.INACCESSIBLE, file, "cannot write: " + e, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // Best effort: a stray hidden temporary file is harmless and the real error matters more.
        }
    }
}
