package io.molt.controller;

import io.molt.core.protocol.ReplicaKeys;
import java.io.IOException;
import java.security.cert.X509Certificate;

/**
 * Where replicas run, as the controller sees it: standbys are provisioned ahead of time,
 * take over a retired replica's network identity, and replicas are retired without their
 * cooperation. The local process driver is the default; network namespaces, Kubernetes
 * and OpenStack drivers implement the same interface.
 */
public interface Platform extends AutoCloseable {

    /** A provisioned standby: warm, holding its keys, without a network identity. */
    interface Standby {
        int replica();

        long epoch();

        Variant variant();
    }

    /**
     * Starts the replacement for {@code replica}'s next incarnation in {@code variant} and
     * hands it its fresh key and certificate over a one-way confidential channel; returns
     * once it is warm and waiting. It has no listening socket and no connection.
     */
    Standby provision(int replica, long epoch, Variant variant, byte[] rawPrivateKey, X509Certificate certificate)
            throws IOException;

    /**
     * Gives the standby its replica's network identity and activates it with the key table
     * that says where its epoch begins; returns once it listens. The replica's previous
     * incarnation must have been retired.
     */
    void attach(Standby standby, ReplicaKeys keys) throws IOException;

    /** Stops {@code replica}'s current incarnation for good, without asking it (it may be compromised). */
    void retire(int replica);

    /** Stops a standby that will not be used. */
    void discard(Standby standby);

    /** Whether {@code replica}'s current incarnation is running. */
    boolean isAlive(int replica);

    /** The variant {@code replica}'s current incarnation runs, for operators. */
    Variant variantOf(int replica);

    @Override
    void close();
}
