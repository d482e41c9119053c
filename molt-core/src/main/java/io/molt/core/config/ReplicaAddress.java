package io.molt.core.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where replica {@code id} listens. The host is kept as written (name or address) and is
 * resolved only when a connection is made, so a configuration loads without DNS.
 */
public record ReplicaAddress(int id, String host, int port) {

    public ReplicaAddress {
        Objects.requireNonNull(host, "host");
        if (id < 0) {
            throw new IllegalArgumentException("replica id must not be negative: " + id);
        }
        if (!HostNames.isValid(host)) {
            throw new IllegalArgumentException("not a host name or IP address: '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a port (expected 1-65535): " + port);
        }
    }

    /** An unresolved socket address; resolve it when connecting. */
    public InetSocketAddress socketAddress() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code host:port}, with an IPv6 host in brackets. */
    public String hostAndPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
