package dev.homeport.core;

import java.util.Objects;

/**
 * One entry of a router's port-mapping table: traffic to {@code externalPort/protocol} on the router's WAN
 * address goes to {@code internalClient:internalPort}.
 *
 * @param externalPort   1..65535
 * @param protocol       TCP or UDP
 * @param internalClient IPv4 address of the LAN host, dotted quad
 * @param internalPort   1..65535
 * @param description    free text; homeport's own mappings carry {@link Ownership#PREFIX}
 * @param enabled        whether the router applies it
 * @param leaseSeconds   remaining or requested lease, 0 meaning permanent
 * @param remoteHost     remote host filter, empty for any
 */
public record PortMapping(int externalPort, Protocol protocol, String internalClient, int internalPort,
                          String description, boolean enabled, long leaseSeconds, String remoteHost) {

    public PortMapping {
        checkPort("externalPort", externalPort);
        checkPort("internalPort", internalPort);
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(internalClient, "internalClient");
        description = description == null ? "" : description;
        remoteHost = remoteHost == null ? "" : remoteHost;
        if (leaseSeconds < 0 || leaseSeconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("leaseSeconds (" + leaseSeconds + ") must be 0..4294967295");
        }
    }

    /** A new enabled mapping with no remote-host filter. */
    public static PortMapping of(int externalPort, Protocol protocol, String internalClient, int internalPort,
                                 String description, long leaseSeconds) {
        return new PortMapping(externalPort, protocol, internalClient, internalPort, description, true, leaseSeconds, "");
    }

    /** Validates a port number the way every record here does. */
    public static void checkPort(String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " (" + port + ") must be 1..65535");
        }
    }

    /** True when this mapping was created by homeport (its description carries the marker). */
    public boolean ownedByHomeport() {
        return Ownership.isOwned(description);
    }

    /** True when both send the same external port and protocol to the same host and port. */
    public boolean sameTarget(PortMapping other) {
        return externalPort == other.externalPort && protocol == other.protocol
                && internalClient.equals(other.internalClient) && internalPort == other.internalPort;
    }

    /** Short key such as {@code 888/tcp}. */
    public String key() {
        return externalPort + "/" + protocol.label();
    }

    /** The same mapping with another lease. */
    public PortMapping withLease(long seconds) {
        return new PortMapping(externalPort, protocol, internalClient, internalPort, description, enabled, seconds, remoteHost);
    }
}
