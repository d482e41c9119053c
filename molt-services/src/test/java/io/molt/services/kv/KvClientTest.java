package io.molt.services.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.api.client.ServiceErrorException;
import io.molt.services.testing.LocalMoltClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KvClientTest {
    private final KvService service = new KvService(new KvLimits(16, 16, 10));
    private final KvClient kv = new KvClient(new LocalMoltClient(service));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void typedOperationsReachTheService() throws Exception {
        assertThat(kv.put(b("k"), b("1"))).isEmpty();
        assertThat(kv.putAsync(b("k"), b("2")).get()).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("1")));
        assertThat(kv.get(b("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("2")));
        assertThat(kv.getAsync(b("k")).get()).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("2")));
        assertThat(kv.getOrdered(b("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("2")));
        assertThat(kv.getOrderedAsync(b("x")).get()).isEmpty();

        assertThat(kv.cas(b("k"), b("1"), b("3"))).isEqualTo(new CasResult(false, b("2")));
        assertThat(kv.casAsync(b("k"), b("2"), b("3")).get()).isEqualTo(new CasResult(true, b("3")));
        assertThat(kv.cas(b("n"), null, b("new")).swapped()).isTrue();

        assertThat(kv.delete(b("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("3")));
        assertThat(kv.deleteAsync(b("k")).get()).isEmpty();
        assertThat(service.size()).isEqualTo(1);
    }

    @Test
    void refusalsSurfaceAsServiceErrors() {
        assertThatThrownBy(() -> kv.put(b("k"), new byte[17])).isInstanceOf(ServiceErrorException.class)
                .hasMessage("kv: value is 17 bytes; the limit is 16");
    }
}
