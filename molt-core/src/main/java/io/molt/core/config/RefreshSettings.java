package io.molt.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How the controller refreshes the ensemble (the {@code refresh} section).
 *
 * @param period the reboot clock: an epoch ends at most this long after it began, on the
 *     controller's own time, so a compromised replica cannot postpone its own refresh (the
 *     next swap still waits until the previous refreshed replica has recovered)
 * @param lifespanRequests an epoch also ends once this many requests were committed in it;
 *     0 for no such bound
 * @param controllerClient the client identity ({@code client-N} in the key directory) the
 *     controller talks to the replicas with; empty until configured, and then the
 *     controller refuses to start
 */
public record RefreshSettings(Duration period, long lifespanRequests, OptionalLong controllerClient) {

    public static final Duration MIN_PERIOD = Duration.ofMillis(100);
    public static final Duration MAX_PERIOD = Duration.ofDays(30);

    public static final RefreshSettings DEFAULTS = new RefreshSettings(Duration.ofMinutes(5), 0, OptionalLong.empty());

    public RefreshSettings {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(controllerClient, "controllerClient");
        if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("refresh period must be in [100ms, 30d]: " + period);
        }
        if (lifespanRequests < 0) {
            throw new IllegalArgumentException("lifespan in requests must not be negative: " + lifespanRequests);
        }
        if (controllerClient.isPresent() && controllerClient.getAsLong() < 0) {
            throw new IllegalArgumentException("not a client id: " + controllerClient.getAsLong());
        }
    }

    public RefreshSettings withPeriod(Duration p) {
        return new RefreshSettings(p, lifespanRequests, controllerClient);
    }

    public RefreshSettings withLifespanRequests(long requests) {
        return new RefreshSettings(period, requests, controllerClient);
    }

    public RefreshSettings withControllerClient(long client) {
        return new RefreshSettings(period, lifespanRequests, OptionalLong.of(client));
    }
}
