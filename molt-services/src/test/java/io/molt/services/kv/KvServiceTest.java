package io.molt.services.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.api.ExecutionContext;
import io.molt.api.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KvServiceTest {
    private static final ExecutionContext CTX = new ExecutionContext(1, 0, 0, 0);

    private final KvService kv = new KvService(new KvLimits(8, 16, 3));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Optional<byte[]> run(byte[] command) {
        return KvResults.decodeValue(kv.execute(command, CTX));
    }

    private CasResult cas(String key, String expected, String update) {
        return KvResults.decodeCas(kv.execute(KvCommands.cas(b(key), expected == null ? null : b(expected),
                update == null ? null : b(update)), CTX));
    }

    private Optional<String> get(String key) {
        return KvResults.decodeValue(kv.query(KvCommands.get(b(key)))).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    @Test
    void putAnswersThePreviousValue() {
        assertThat(run(KvCommands.put(b("a"), b("1")))).isEmpty();
        assertThat(run(KvCommands.put(b("a"), b("2")))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("1")));
        assertThat(get("a")).contains("2");
        assertThat(run(KvCommands.get(b("a")))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("2")));
    }

    @Test
    void deleteAnswersWhatWasThere() {
        run(KvCommands.put(b("a"), b("1")));
        assertThat(run(KvCommands.delete(b("a")))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("1")));
        assertThat(run(KvCommands.delete(b("a")))).isEmpty();
        assertThat(get("a")).isEmpty();
        assertThat(kv.size()).isZero();
    }

    @Test
    void emptyKeysAndValuesAreOrdinaryValues() {
        run(KvCommands.put(new byte[0], new byte[0]));
        assertThat(get("")).contains("");
        assertThat(cas("", "", "x")).isEqualTo(new CasResult(true, b("x")));
    }

    @Test
    void casSwapsOnlyOnAMatch() {
        assertThat(cas("k", null, "1")).isEqualTo(new CasResult(true, b("1")));
        assertThat(cas("k", null, "2")).isEqualTo(new CasResult(false, b("1")));
        assertThat(cas("k", "0", "2")).isEqualTo(new CasResult(false, b("1")));
        assertThat(cas("k", "1", "2")).isEqualTo(new CasResult(true, b("2")));
        assertThat(get("k")).contains("2");
    }

    @Test
    void casWithoutANewValueDeletes() {
        cas("k", null, "1");
        assertThat(cas("k", "1", null)).isEqualTo(new CasResult(true, null));
        assertThat(get("k")).isEmpty();
        assertThat(cas("k", "1", null)).isEqualTo(new CasResult(false, null));
    }

    @Test
    void oversizedKeysAndValuesAreRefusedAndChangeNothing() {
        run(KvCommands.put(b("a"), b("1")));
        assertRefused(KvCommands.put(b("123456789"), b("v")), "kv: key '123456789' is 9 bytes; the limit is 8");
        assertRefused(KvCommands.get(b("123456789")), "kv: key '123456789' is 9 bytes; the limit is 8");
        assertRefused(KvCommands.put(b("a"), new byte[17]), "kv: value is 17 bytes; the limit is 16");
        assertRefused(KvCommands.cas(b("a"), b("1"), new byte[17]), "kv: new value is 17 bytes; the limit is 16");
        assertRefused(KvCommands.cas(b("a"), new byte[17], b("2")), "kv: expected value is 17 bytes; the limit is 16");
        assertThat(get("a")).contains("1");
        assertThat(kv.size()).isEqualTo(1);
    }

    @Test
    void aFullStoreRefusesNewKeysButStillUpdatesOldOnes() {
        run(KvCommands.put(b("a"), b("1")));
        run(KvCommands.put(b("b"), b("1")));
        run(KvCommands.put(b("c"), b("1")));
        assertRefused(KvCommands.put(b("d"), b("1")), "kv: store is full (3 keys); cannot add key 'd'");
        assertRefused(KvCommands.cas(b("d"), null, b("1")), "kv: store is full (3 keys); cannot add key 'd'");
        assertThat(run(KvCommands.put(b("a"), b("2")))).isPresent();
        assertThat(cas("b", "1", "2").swapped()).isTrue();
        run(KvCommands.delete(b("c")));
        assertThat(run(KvCommands.put(b("d"), b("1")))).isEmpty();
        assertThat(kv.size()).isEqualTo(3);
    }

    @Test
    void queriesMustBeReadOnly() {
        assertThatThrownBy(() -> kv.query(KvCommands.put(b("a"), b("1")))).isInstanceOf(ServiceException.class)
                .hasMessage("kv: put is not read-only; send it as an ordered operation");
        assertThatThrownBy(() -> kv.query(KvCommands.cas(b("a"), null, b("1")))).isInstanceOf(ServiceException.class)
                .hasMessage("kv: cas is not read-only; send it as an ordered operation");
        assertThat(kv.size()).isZero();
    }

    @Test
    void keysInErrorsAreEscaped() {
        byte[] key = {'a', 0, (byte) 0xff, '\''};
        assertRefused(KvCommands.put(key, new byte[17]), "kv: value is 17 bytes; the limit is 16");
        KvService small = new KvService(new KvLimits(2, 16, 3));
        assertThatThrownBy(() -> small.execute(KvCommands.get(key), CTX))
                .hasMessage("kv: key 'a\\x00\\xff\\x27' is 4 bytes; the limit is 2");
    }

    private void assertRefused(byte[] command, String message) {
        assertThatThrownBy(() -> kv.execute(command, CTX)).isInstanceOf(ServiceException.class).hasMessage(message);
    }
}
