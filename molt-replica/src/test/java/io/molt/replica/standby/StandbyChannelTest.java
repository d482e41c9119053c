package io.molt.replica.standby;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.core.crypto.Credentials;
import io.molt.core.crypto.Ed25519;
import io.molt.core.crypto.Ed25519Keys;
import io.molt.core.crypto.EpochRange;
import io.molt.core.id.PeerId;
import io.molt.core.keys.KeyDirectory;
import io.molt.core.message.EpochChange;
import io.molt.core.protocol.ReplicaKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandbyChannelTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key directory for 4 replicas and a fresh key and certificate for replica 2's epoch 1. */
    private record Setup(Path keys, byte[] rawKey, X509Certificate certificate) {}

    private static Setup setup(Path dir) throws IOException {
        Path keys = dir.resolve("keys");
        KeyDirectory.init(keys, 4, 0, KeyDirectory.InitOptions.DEFAULTS);
        var authority = KeyDirectory.loadAuthority(keys);
        byte[] raw = Ed25519.generatePrivateKey(RANDOM);
        X509Certificate cert = authority.issue(PeerId.replica(2), Ed25519Keys.publicKey(Ed25519.publicKeyOf(raw)),
                EpochRange.from(1), io.molt.core.crypto.Validity.startingNow(Instant.now(), Duration.ofDays(1)),
                RANDOM);
        return new Setup(keys, raw, cert);
    }

    private static BufferedReader reader(String text) {
        return new BufferedReader(new StringReader(text));
    }

    @Test
    void theKitAndTheActivationArriveIntactAndTheKitChecksOut(@TempDir Path dir) throws IOException {
        Setup s = setup(dir);
        List<byte[]> initial = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            initial.add(Ed25519.publicKeyOf(Ed25519.generatePrivateKey(RANDOM)));
        }
        EpochChange change = new EpochChange(1, Long.MAX_VALUE, List.of(new EpochChange.Refresh(2,
                Ed25519.publicKeyOf(s.rawKey()), new byte[] {1})), new byte[64]);
        ReplicaKeys keys = ReplicaKeys.initial(initial).with(change, 100, 164);

        StringWriter wire = new StringWriter();
        StandbyChannel.writeKit(wire, s.rawKey(), s.certificate());
        StandbyChannel.writeActivation(wire, keys);
        BufferedReader in = reader(wire.toString());

        Credentials credentials = StandbyCredentials.check(StandbyChannel.readKit(in), 2, s.keys());
        assertThat(credentials.self()).isEqualTo(PeerId.replica(2));
        assertThat(credentials.certificate()).isEqualTo(s.certificate());
        ReplicaKeys received = StandbyChannel.readActivation(in, 4);
        assertThat(received.version()).isEqualTo(keys.version());
        assertThat(received.firstSlotOf(2, 1)).isEqualTo(164);
        StandbyCredentials.checkActivation(received, 2, credentials);
    }

    @Test
    void anActivationWhoseTableLacksTheStandbysKeyIsRefused(@TempDir Path dir) throws IOException {
        Setup s = setup(dir);
        Credentials credentials = StandbyCredentials.check(new StandbyChannel.Kit(Ed25519Keys.privateKey(s.rawKey()),
                s.certificate()), 2, s.keys());
        List<byte[]> initial = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            initial.add(Ed25519.publicKeyOf(Ed25519.generatePrivateKey(RANDOM)));
        }
        ReplicaKeys before = ReplicaKeys.initial(initial);
        assertThatThrownBy(() -> StandbyCredentials.checkActivation(before, 2, credentials))
                .isInstanceOf(IOException.class).hasMessageContaining("does not hold this standby's key");

        EpochChange otherReplica = new EpochChange(1, Long.MAX_VALUE, List.of(new EpochChange.Refresh(1,
                Ed25519.publicKeyOf(s.rawKey()), new byte[] {1})), new byte[64]);
        assertThatThrownBy(() -> StandbyCredentials.checkActivation(before.with(otherReplica, 100, 164), 2,
                credentials)).isInstanceOf(IOException.class).hasMessageContaining("does not hold");

        EpochChange first = new EpochChange(1, Long.MAX_VALUE, List.of(new EpochChange.Refresh(3,
                Ed25519.publicKeyOf(Ed25519.generatePrivateKey(RANDOM)), new byte[] {1})), new byte[64]);
        EpochChange later = new EpochChange(2, Long.MAX_VALUE, List.of(new EpochChange.Refresh(2,
                Ed25519.publicKeyOf(s.rawKey()), new byte[] {1})), new byte[64]);
        ReplicaKeys atEpochTwo = before.with(first, 100, 164).with(later, 200, 264);
        assertThatThrownBy(() -> StandbyCredentials.checkActivation(atEpochTwo, 2, credentials))
                .isInstanceOf(IOException.class).hasMessageContaining("certificate starts at epoch 1");
    }

    @Test
    void aKitForAnotherReplicaOrFromAnotherAuthorityIsRefused(@TempDir Path dir) throws IOException {
        Setup s = setup(dir.resolve("a"));
        Setup stranger = setup(dir.resolve("b"));
        StandbyChannel.Kit kit = new StandbyChannel.Kit(Ed25519Keys.privateKey(s.rawKey()), s.certificate());

        assertThatThrownBy(() -> StandbyCredentials.check(kit, 1, s.keys())).isInstanceOf(IOException.class)
                .hasMessageContaining("not replica 1");
        assertThatThrownBy(() -> StandbyCredentials.check(kit, 2, stranger.keys())).isInstanceOf(IOException.class)
                .hasMessageContaining("not one of this deployment's");
        StandbyChannel.Kit mismatched = new StandbyChannel.Kit(Ed25519Keys.privateKey(stranger.rawKey()),
                s.certificate());
        assertThatThrownBy(() -> StandbyCredentials.check(mismatched, 2, s.keys())).isInstanceOf(IOException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void garbageOnStdinIsAClearError() {
        assertThatThrownBy(() -> StandbyChannel.readKit(reader(""))).hasMessageContaining("stdin closed");
        assertThatThrownBy(() -> StandbyChannel.readKit(reader("hello\n"))).hasMessageContaining("expected 'molt-standby 1'");
        assertThatThrownBy(() -> StandbyChannel.readKit(reader("molt-standby 1\nkey !!!\n")))
                .hasMessageContaining("'key' is not base64");
        assertThatThrownBy(() -> StandbyChannel.readKit(reader("molt-standby 1\nkey AAAA\ncertificate AAAA\n")))
                .hasMessageContaining("not an Ed25519 private key");
        assertThatThrownBy(() -> StandbyChannel.readActivation(reader("activate AAAA\n"), 4))
                .hasMessageContaining("key table is malformed");
        assertThatThrownBy(() -> StandbyChannel.readActivation(reader("x".repeat((1 << 20) + 1)), 4))
                .hasMessageContaining("a line of more than");
    }
}
