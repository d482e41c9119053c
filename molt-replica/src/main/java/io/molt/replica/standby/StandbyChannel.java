package io.molt.replica.standby;

import io.molt.core.codec.CodecException;
import io.molt.core.codec.WireReader;
import io.molt.core.codec.WireWriter;
import io.molt.core.crypto.Ed25519Keys;
import io.molt.core.protocol.ReplicaKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The one-way channel from the controller to a standby replica: the process's stdin. Two
 * messages, one line each after a version line, nothing ever flows back but the standby's
 * {@code standby} and {@code ready} lines on stdout:
 *
 * <pre>
 *   molt-standby 1
 *   key &lt;base64 raw Ed25519 private key&gt;
 *   certificate &lt;base64 DER&gt;
 *   ... later, at the swap:
 *   activate &lt;base64 key table (ReplicaKeys, whole)&gt;
 * </pre>
 *
 * The kit arrives when the standby is provisioned, before anyone knows where the epoch
 * change will take effect; the key table, which says so, arrives at activation.
 */
public final class StandbyChannel {
    public static final String VERSION_LINE = "molt-standby 1";
    /** Longest line read: a key table for 4096 incarnations fits with room to spare. */
    private static final int MAX_LINE = 1 << 20;

    /** What a standby is provisioned with: its fresh key and the certificate for it. */
    public record Kit(PrivateKey privateKey, X509Certificate certificate) {}

    private StandbyChannel() {}

    public static void writeKit(Writer out, byte[] rawPrivateKey, X509Certificate certificate) throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        try {
            out.write(VERSION_LINE + "\nkey " + b64.encodeToString(rawPrivateKey) + "\ncertificate "
                    + b64.encodeToString(certificate.getEncoded()) + "\n");
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
        out.flush();
    }

    public static void writeActivation(Writer out, ReplicaKeys keys) throws IOException {
        WireWriter w = new WireWriter(1024);
        keys.writeWholeTo(w);
        out.write("activate " + Base64.getEncoder().encodeToString(w.toByteArray()) + "\n");
        out.flush();
    }

    /** Reads the kit; a clear {@link IOException} for anything else. */
    public static Kit readKit(BufferedReader in) throws IOException {
        String version = line(in, "the version line");
        if (!VERSION_LINE.equals(version)) {
            throw new IOException("expected '" + VERSION_LINE + "' on stdin, got '" + shorten(version) + "'");
        }
        byte[] key = field(in, "key");
        byte[] der = field(in, "certificate");
        PrivateKey privateKey;
        try {
            privateKey = Ed25519Keys.privateKey(key);
        } catch (IllegalArgumentException e) {
            throw new IOException("the key is not an Ed25519 private key: " + e.getMessage(), e);
        }
        try {
            X509Certificate certificate = io.molt.core.crypto.Certificates.fromDer(der);
            return new Kit(privateKey, certificate);
        } catch (CertificateException e) {
            throw new IOException("the certificate cannot be read: " + e.getMessage(), e);
        }
    }

    /** Waits for the activation and reads the key table in it, for an ensemble of {@code replicas}. */
    public static ReplicaKeys readActivation(BufferedReader in, int replicas) throws IOException {
        byte[] table = field(in, "activate");
        try {
            WireReader r = new WireReader(table);
            ReplicaKeys keys = ReplicaKeys.readFrom(r, replicas);
            r.expectEnd("key table");
            return keys;
        } catch (CodecException e) {
            throw new IOException("the key table is malformed: " + e.getMessage(), e);
        }
    }

    private static byte[] field(BufferedReader in, String name) throws IOException {
        String line = line(in, "'" + name + "'");
        if (!line.startsWith(name + " ")) {
            throw new IOException("expected '" + name + " ...' on stdin, got '" + shorten(line) + "'");
        }
        try {
            return Base64.getDecoder().decode(line.substring(name.length() + 1).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("'" + name + "' is not base64: " + e.getMessage(), e);
        }
    }

    private static String line(BufferedReader in, String what) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (b.length() >= MAX_LINE) {
                throw new IOException("a line of more than " + MAX_LINE + " characters where " + what
                        + " was expected");
            }
            b.append((char) c);
        }
        if (c == -1 && b.length() == 0) {
            throw new IOException("stdin closed before " + what + " arrived");
        }
        return b.toString();
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
