package dev.homeport.core;

import java.util.Locale;
import java.util.Objects;

/**
 * An inbound IPv6 firewall pinhole: the router lets the internet reach {@code internalClient} (this host's own global
 * address: IPv6 has no NAT, so the port is the same outside and in) on {@code port}.
 *
 * @param internalClient the host's stable global IPv6 address, canonical text
 * @param port           1..65535
 * @param protocol       TCP or UDP
 * @param leaseSeconds   1..86400 (IGD:2 caps pinhole leases at one day)
 * @param id             the router's identifier (the UPnP UniqueID), or empty before the router granted it
 */
public record Pinhole(String internalClient, int port, Protocol protocol, long leaseSeconds, String id) {
    /** The longest lease IGD:2 allows a pinhole. */
    public static final long MAX_LEASE = 86_400;

    public Pinhole {
        Objects.requireNonNull(internalClient, "internalClient");
        Objects.requireNonNull(protocol, "protocol");
        if (!internalClient.contains(":")) {
            throw new IllegalArgumentException("internalClient (" + internalClient + ") must be an IPv6 address");
        }
        internalClient = internalClient.toLowerCase(Locale.ROOT);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port (" + port + ") must be 1..65535");
        if (leaseSeconds < 1 || leaseSeconds > MAX_LEASE) {
            throw new IllegalArgumentException("leaseSeconds (" + leaseSeconds + ") must be 1.." + MAX_LEASE);
        }
        id = id == null ? "" : id.strip();
    }

    /** A wanted pinhole: the lease capped at {@link #MAX_LEASE} (0, "permanent", becomes the maximum). */
    public static Pinhole wanted(String internalClient, int port, Protocol protocol, long leaseSeconds) {
        long lease = leaseSeconds <= 0 || leaseSeconds > MAX_LEASE ? MAX_LEASE : leaseSeconds;
        return new Pinhole(internalClient, port, protocol, lease, "");
    }

    /** The same pinhole as the router granted it. */
    public Pinhole withId(String newId) {
        return new Pinhole(internalClient, port, protocol, leaseSeconds, newId);
    }

    /** {@code [2001:db8:1::10]:8888/tcp}. */
    public String key() {
        return "[" + internalClient + "]:" + port + "/" + protocol.label();
    }
}
