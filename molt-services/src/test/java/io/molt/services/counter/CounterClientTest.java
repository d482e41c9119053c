package io.molt.services.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.api.client.ServiceErrorException;
import io.molt.services.testing.LocalMoltClient;
import org.junit.jupiter.api.Test;

class CounterClientTest {
    private final CounterService service = new CounterService();
    private final CounterClient counter = new CounterClient(new LocalMoltClient(service));

    @Test
    void typedOperationsReachTheService() throws Exception {
        assertThat(counter.increment(2)).isEqualTo(2);
        assertThat(counter.incrementAsync(3).get()).isEqualTo(5);
        assertThat(counter.get()).isEqualTo(5);
        assertThat(counter.getAsync().get()).isEqualTo(5);
        assertThat(counter.getOrdered()).isEqualTo(5);
        assertThat(counter.getOrderedAsync().get()).isEqualTo(5);
        assertThat(service.value()).isEqualTo(5);
    }

    @Test
    void refusalsSurfaceAsServiceErrors() {
        counter.increment(Long.MAX_VALUE);
        assertThatThrownBy(() -> counter.increment(1)).isInstanceOf(ServiceErrorException.class)
                .hasMessageContaining("overflow");
    }
}
