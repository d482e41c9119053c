package io.molt.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client waits for its operations.
 *
 * @param requestTimeout how long one attempt waits for a quorum of matching replies
 * @param maxRetries attempts after the first before the operation fails with a timeout
 */
public record ClientSettings(Duration requestTimeout, int maxRetries) {

    public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    public static final int MAX_RETRIES = 100;

    public static final ClientSettings DEFAULTS = new ClientSettings(Duration.ofSeconds(2), 5);

    public ClientSettings {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.compareTo(MIN_TIMEOUT) < 0 || requestTimeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("requestTimeout must be in [1ms, 1h]: " + requestTimeout);
        }
        if (maxRetries < 0 || maxRetries > MAX_RETRIES) {
            throw new IllegalArgumentException("maxRetries must be in [0, " + MAX_RETRIES + "]: " + maxRetries);
        }
    }
}
