package io.molt.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.core.codec.WireReader;
import io.molt.core.codec.WireWriter;
import io.molt.core.crypto.Digest;
import io.molt.core.crypto.Ed25519;
import io.molt.core.message.EpochChange;
import io.molt.core.message.KeyReport;
import io.molt.core.quorum.Quorums;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaKeysTest {
    private static final Quorums Q6 = new Quorums(6, 1, 1);
    private static final byte[] DATA = {1, 2, 3};
    private final byte[] authority = key("authority");
    private final List<byte[]> firstKeys = new ArrayList<>();
    private final ReplicaKeys initial;

    ReplicaKeysTest() {
        List<byte[]> publicKeys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            firstKeys.add(key("replica " + i));
            publicKeys.add(Ed25519.publicKeyOf(firstKeys.get(i)));
        }
        initial = ReplicaKeys.initial(publicKeys);
    }

    private static byte[] key(String name) {
        return Digest.sha256(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toBytes();
    }

    private EpochChange change(long epoch, int replica, byte[] newKey, byte[] signingKey) {
        List<EpochChange.Refresh> refreshes = List.of(new EpochChange.Refresh(replica, Ed25519.publicKeyOf(newKey),
                new byte[] {9}));
        return new EpochChange(epoch, 1000, refreshes,
                Ed25519.sign(signingKey, EpochChange.signedContent(epoch, 1000, refreshes)));
    }

    @Test
    void aRefreshedReplicasOldKeySpeaksOnlyForTheSlotsBeforeTheNewEpoch() {
        byte[] newKey = key("replica 1, epoch 1");
        ReplicaKeys keys = initial.with(change(1, 1, newKey, authority), 10, 18);

        byte[] oldSignature = Ed25519.sign(firstKeys.get(1), DATA);
        byte[] newSignature = Ed25519.sign(newKey, DATA);
        assertThat(keys.verify(1, 17, DATA, oldSignature)).isTrue();
        assertThat(keys.verify(1, 18, DATA, oldSignature)).as("retired key after its last slot").isFalse();
        assertThat(keys.verify(1, 18, DATA, newSignature)).isTrue();
        assertThat(keys.verify(1, 17, DATA, newSignature)).as("new key before its first slot").isFalse();
        assertThat(keys.incarnationAt(1, 17)).isZero();
        assertThat(keys.incarnationAt(1, 18)).isEqualTo(1);
        assertThat(keys.lastSlotOf(1, 0)).isEqualTo(17);
        assertThat(keys.firstSlotOf(1, 1)).isEqualTo(18);
        assertThat(keys.incarnationOf(1, Ed25519.publicKeyOf(newKey))).isEqualTo(1);
        assertThat(keys.epochAt(17)).isZero();
        assertThat(keys.epochAt(18)).isEqualTo(1);
        assertThat(keys.verify(2, 18, DATA, Ed25519.sign(firstKeys.get(2), DATA))).as("others keep their keys")
                .isTrue();
    }

    @Test
    void forgedStaleAndOversizedEpochChangesAreRefused() {
        byte[] authorityPublic = Ed25519.publicKeyOf(authority);
        byte[] newKey = key("fresh");
        assertThat(initial.refusal(change(1, 1, newKey, authority), 5, authorityPublic, Q6)).isNull();
        assertThat(initial.refusal(change(1, 1, newKey, firstKeys.get(3)), 5, authorityPublic, Q6))
                .contains("not signed by the controller");
        assertThat(initial.refusal(change(1, 1, newKey, authority), 5, null, Q6))
                .contains("not signed by the controller");
        assertThat(initial.refusal(change(2, 1, newKey, authority), 5, authorityPublic, Q6))
                .contains("not the next epoch");
        ReplicaKeys after = initial.with(change(1, 1, newKey, authority), 5, 13);
        assertThat(after.refusal(change(1, 1, newKey, authority), 6, authorityPublic, Q6))
                .as("replayed").contains("not the next epoch");
        assertThat(after.refusal(change(2, 2, newKey, authority), 6, authorityPublic, Q6))
                .as("a key used before").contains("already used");
        List<EpochChange.Refresh> two = List.of(new EpochChange.Refresh(1, Ed25519.publicKeyOf(key("a")), new byte[0]),
                new EpochChange.Refresh(2, Ed25519.publicKeyOf(key("b")), new byte[0]));
        EpochChange both = new EpochChange(1, 1000, two, Ed25519.sign(authority, EpochChange.signedContent(1, 1000, two)));
        assertThat(initial.refusal(both, 5, authorityPublic, Q6)).contains("at most r = 1");
    }

    @Test
    void executingAChangeTheTableAlreadyHoldsChangesNothing() {
        EpochChange first = change(1, 1, key("one"), authority);
        ReplicaKeys known = initial.with(first, 10, 18);

        assertThat(known.with(first, 10, 18)).isSameAs(known);
        ReplicaKeys moved = known.with(first, 11, 19);
        assertThat(moved.firstSlotOfEpoch(1)).isEqualTo(19);
        assertThat(moved.version()).isNotEqualTo(known.version());
    }

    @Test
    void theCanonicalFormHoldsOnlyTheChangesExecutedSoFar() throws Exception {
        EpochChange first = change(1, 1, key("one"), authority);
        EpochChange second = change(2, 2, key("two"), authority);
        ReplicaKeys executedOne = initial.with(first, 10, 18);
        ReplicaKeys knowsAhead = executedOne.with(second, 30, 38);

        assertThat(encode(knowsAhead, 20)).isEqualTo(encode(executedOne, 20));
        assertThat(encode(knowsAhead, 30)).isNotEqualTo(encode(executedOne, 30));

        ReplicaKeys read = ReplicaKeys.readFrom(new WireReader(encode(knowsAhead, 40)), 6);
        assertThat(read.latestEpoch()).isEqualTo(2);
        assertThat(read.incarnationAt(2, 38)).isEqualTo(2);
        assertThat(encode(read, 40)).isEqualTo(encode(knowsAhead, 40));
    }

    @Test
    void clientsAreToldTheKeysOfTheEpochsExecutedSoFar() {
        byte[] newKey = key("replica 1, epoch 1");
        // What a refreshed replica starts with: the change that created it, executed at slot 10.
        ReplicaKeys keys = initial.with(change(1, 1, newKey, authority), 10, 18);

        List<KeyReport.CurrentKey> before = keys.currentKeys(9);
        assertThat(before).hasSize(6);
        assertThat(before.get(1)).as("not executed yet: the old key is still current")
                .isEqualTo(new KeyReport.CurrentKey(0, Ed25519.publicKeyOf(firstKeys.get(1))));

        List<KeyReport.CurrentKey> after = keys.currentKeys(10);
        assertThat(after.get(1)).isEqualTo(new KeyReport.CurrentKey(1, Ed25519.publicKeyOf(newKey)));
        assertThat(after.get(2)).isEqualTo(new KeyReport.CurrentKey(0, Ed25519.publicKeyOf(firstKeys.get(2))));
        assertThat(keys.prunedBefore(40).currentKeys(40)).as("the same once the old incarnation was pruned")
                .isEqualTo(after);
    }

    private static byte[] encode(ReplicaKeys keys, long lastApplied) {
        WireWriter w = new WireWriter(256);
        keys.writeTo(w, lastApplied);
        return w.toByteArray();
    }
}
