package dev.homeport.ddns;

import java.util.List;

/** The seam to the DNS provider: one update request for some hostnames. */
interface UpdateProtocol {

    /** How many hostnames one request may carry. */
    int maxHostsPerRequest();

    /**
     * Sends one update of {@code hosts} to {@code ip}: one address, or {@code v4,v6} when the host's IPv6 address is
     * registered too ({@link Addresses#parse} reads it). Never throws for network or provider trouble.
     */
    Reply send(List<String> hosts, String ip);

    /** Whether this protocol can register an AAAA record; when false, updates carry the IPv4 address only. */
    default boolean supportsIpv6() {
        return false;
    }

    /**
     * Whether this protocol writes each family's record on its own (RFC 2136 RRsets, Cloudflare records): then an
     * update carries only the families whose address changed, and the other record is not touched. When false (dyndns2,
     * DuckDNS) one request sets every family at once, so a change in either sends both.
     */
    default boolean recordsPerFamily() {
        return false;
    }

    /** The request that {@link #send} would make, with the secret left out: for {@code --dry-run}. */
    String describe(List<String> hosts, String ip);
}
