package dev.homeport.pcp;

import dev.homeport.core.PortMapping;
import java.net.InetAddress;
import java.util.Optional;

/** One protocol's way of making and removing a mapping, for {@link PortControlRouter}. */
interface Mapper {

    /** {@code pcp} or {@code natpmp}, as in state. */
    String id();

    /** {@code PCP} or {@code NAT-PMP}, for people. */
    String label();

    /** The gateway as {@code address:port}. */
    String server();

    /** The address requests come from: the only internal client these protocols map to. */
    InetAddress clientAddress();

    /** A cheap request whose answer carries the epoch (PCP ANNOUNCE, NAT-PMP external address). */
    Epoch probe();

    /** The router's external address, when the protocol can tell without a mapping. */
    Optional<InetAddress> externalAddress();

    /** Maps {@code want}, reusing {@code nonce} when renewing (PCP). */
    Granted map(PortMapping want, Optional<Nonce> nonce);

    /** Deletes a mapping homeport made; returns the router's epoch. */
    Epoch unmap(HeldMappings.Held held);

    /** What the router granted. */
    record Granted(int externalPort, Optional<InetAddress> externalAddress, long lifetime, Optional<Nonce> nonce, Epoch epoch) {
    }
}
