package io.molt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.client.MoltClients;
import io.molt.client.ReplicatedClient;
import io.molt.controller.Controller;
import io.molt.controller.Platform;
import io.molt.controller.RefreshListener;
import io.molt.controller.ReplicaJvm;
import io.molt.controller.Variant;
import io.molt.core.config.RefreshSettings;
import io.molt.core.protocol.ReplicaKeys;
import io.molt.services.counter.CounterClient;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The controller's failure paths with real replicas: a standby that cannot be provisioned
 * is provisioned again, and a standby that fails to activate after its predecessor was
 * killed is replaced by another one with the same key; no refresh is left half done, and
 * the service keeps answering throughout.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ControllerFailuresTest {

    /** The local platform, failing the first provisioning and the first activation on purpose. */
    private static final class FlakyPlatform implements Platform {
        private final Platform delegate;
        private final AtomicInteger provisions = new AtomicInteger();
        private final AtomicInteger attaches = new AtomicInteger();

        FlakyPlatform(Platform delegate) {
            this.delegate = delegate;
        }

        @Override
        public Standby provision(int replica, long epoch, Variant variant, byte[] rawPrivateKey,
                X509Certificate certificate) throws IOException {
            if (provisions.incrementAndGet() == 1) {
                throw new IOException("injected: no machine for the standby");
            }
            return delegate.provision(replica, epoch, variant, rawPrivateKey, certificate);
        }

        @Override
        public void attach(Standby standby, ReplicaKeys keys) throws IOException {
            if (attaches.incrementAndGet() == 1) {
                throw new IOException("injected: the standby did not come up");
            }
            delegate.attach(standby, keys);
        }

        @Override
        public void retire(int replica) {
            delegate.retire(replica);
        }

        @Override
        public void discard(Standby standby) {
            delegate.discard(standby);
        }

        @Override
        public boolean isAlive(int replica) {
            return delegate.isAlive(replica);
        }

        @Override
        public Variant variantOf(int replica) {
            return delegate.variantOf(replica);
        }

        @Override
        public void close() {
            // the ensemble closes the real platform
        }
    }

    @Test
    void aFailedProvisioningAndAFailedActivationAreRetriedToCompletion() throws Exception {
        try (LocalEnsemble ensemble = LocalEnsemble.create(6, 1, 1, "counter", 1, null, ReplicaJvm.current())) {
            ensemble.startAll(Duration.ofSeconds(60));
            List<String> trouble = new CopyOnWriteArrayList<>();
            List<RefreshListener.Swap> swaps = new CopyOnWriteArrayList<>();
            FlakyPlatform platform = new FlakyPlatform(ensemble.platform());
            try (Controller controller = Controller.start(ensemble.config(), RefreshSettings.DEFAULTS
                    .withPeriod(Duration.ofMillis(500)).withControllerClient(1), platform, 2, new RefreshListener() {
                        @Override
                        public void swapped(Swap swap) {
                            swaps.add(swap);
                        }

                        @Override
                        public void trouble(String what) {
                            trouble.add(what);
                        }
                    });
                    ReplicatedClient client = MoltClients.connect(ensemble.config(), 0, Duration.ofMillis(1000))) {
                CounterClient counter = new CounterClient(client);
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                long acknowledged = 0;
                while (!controller.isDone() && System.nanoTime() < deadline) {
                    counter.increment(1);
                    acknowledged++;
                }
                assertThat(controller.completed()).as("both refreshes completed despite the failures").isEqualTo(2);
                assertThat(counter.getOrdered()).as("no acknowledged increment lost")
                        .isGreaterThanOrEqualTo(acknowledged);
            }
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
                    .as("the six replicas and no standby left behind, not even the discarded one").isEqualTo(6);
            assertThat(trouble).anySatisfy(t -> assertThat(t).contains("provisioning the standby for replica 1 failed")
                    .contains("no machine"));
            assertThat(trouble).anySatisfy(t -> assertThat(t).contains("activating the standby for replica 1 failed")
                    .contains("did not come up"));
            assertThat(platform.provisions.get()).as("one failed, one discarded after the failed activation, "
                    + "one replacement, one for replica 2").isGreaterThanOrEqualTo(4);
            assertThat(swaps).extracting(RefreshListener.Swap::replica).containsExactly(1, 2);
            RefreshListener.Swap first = swaps.get(0);
            assertThat(ensemble.platform().epochOf(1)).isEqualTo(first.epoch());
            assertThat(ensemble.platform().variantOf(1)).as("the replacement, not the standby that failed")
                    .isEqualTo(first.to());
            SameState.assertEveryReplicaAgrees(ensemble, 0);
        }
    }
}
