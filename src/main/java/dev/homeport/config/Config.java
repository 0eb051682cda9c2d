package dev.homeport.config;

import dev.homeport.core.IpVersion;
import dev.homeport.core.Lease;
import dev.homeport.core.Protocol;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state, as loaded from a config file.
 *
 * @param source   the file it came from (for messages)
 * @param router   how to reach the router
 * @param forwards the mappings that must exist
 * @param ddns     dynamic DNS, if configured
 */
public record Config(Path source, RouterSettings router, List<Forward> forwards, Optional<Ddns> ddns) {

    public Config {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(router, "router");
        forwards = List.copyOf(forwards);
        Objects.requireNonNull(ddns, "ddns");
    }

    /**
     * True when the file sets neither forwards nor dynamic DNS: the installed example, all comments, before the user
     * edited it. Only {@link ConfigLoader#loadAllowingBlank} returns such a config.
     */
    public boolean isBlank() {
        return forwards.isEmpty() && ddns.isEmpty();
    }

    /** How homeport reaches the router: auto tries UPnP, PCP, NAT-PMP, then the web admin. */
    public enum Via { AUTO, UPNP, PCP, NATPMP, WEB }

    /**
     * The {@code router:} section.
     *
     * @param via          auto (UPnP, PCP, NAT-PMP, then web admin), upnp, pcp, natpmp or web
     * @param url          UPnP description URL or web-admin base URL; empty to discover
     * @param profile      web-admin profile id, or "auto"
     * @param username     web-admin user
     * @param passwordFile web-admin password file
     * @param passwordEnv  environment variable holding the web-admin password
     * @param lease        lease requested for every mapping unless a forward says otherwise
     * @param doubleNat    router.double-nat: auto (true) also opens the port on an outer router when one is found, off (false)
     */
    public record RouterSettings(Via via, Optional<String> url, String profile, Optional<String> username,
                                 Optional<Path> passwordFile, Optional<String> passwordEnv, Lease lease, boolean doubleNat) {
        public RouterSettings {
            Objects.requireNonNull(via, "via");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(lease, "lease");
        }

        /** Settings with {@code double-nat: auto}. */
        public RouterSettings(Via via, Optional<String> url, String profile, Optional<String> username,
                              Optional<Path> passwordFile, Optional<String> passwordEnv, Lease lease) {
            this(via, url, profile, username, passwordFile, passwordEnv, lease, true);
        }

        public static RouterSettings defaults() {
            return new RouterSettings(Via.AUTO, Optional.empty(), "auto", Optional.empty(), Optional.empty(),
                    Optional.empty(), Lease.DEFAULT);
        }
    }

    /**
     * One entry of {@code forwards:}.
     *
     * @param name         unique within the file; becomes the mapping description ("homeport NAME")
     * @param port         internal port
     * @param externalPort external port (defaults to port)
     * @param protocols    TCP, UDP or both
     * @param to           internal client; empty means this host's LAN address
     * @param lease        lease requested
     * @param ipVersion    4 (port mapping), 6 (IPv6 pinhole to this host) or both (default)
     */
    public record Forward(String name, int port, int externalPort, List<Protocol> protocols, Optional<String> to,
                          Lease lease, IpVersion ipVersion) {
        public Forward {
            Objects.requireNonNull(name, "name");
            protocols = List.copyOf(protocols);
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(ipVersion, "ipVersion");
        }

        /** A forward for both IP versions (the default). */
        public Forward(String name, int port, int externalPort, List<Protocol> protocols, Optional<String> to, Lease lease) {
            this(name, port, externalPort, protocols, to, lease, IpVersion.BOTH);
        }
    }

    /**
     * The {@code ddns:} section.
     *
     * @param provider     preset name: dyndns, noip, dynu, he, duckdns or dyndns2
     * @param server       provider base URL (only for dyndns2, or to override a preset)
     * @param insecure     allow plain http to a non-loopback server
     * @param hostnames    the names to keep pointed at the router
     * @param username     account name (for he: defaults to the hostname)
     * @param passwordFile file holding the password or token
     * @param passwordEnv  environment variable holding the password or token
     * @param ipSource     where the public address comes from: "router" or "url"
     * @param ipUrl        an IP-echo URL, used when ipSource is url, and as a cross-check otherwise
     * @param zone         the DNS zone, for the providers that edit records in it (rfc2136, cloudflare)
     * @param ipVersion    which records: 4 (A, the router's address), 6 (AAAA, this host's stable IPv6 address) or
     *                     both (the default: AAAA too when this host has such an address and the provider takes it)
     */
    public record Ddns(String provider, Optional<String> server, boolean insecure, List<String> hostnames,
                       Optional<String> username, Optional<Path> passwordFile, Optional<String> passwordEnv,
                       String ipSource, Optional<String> ipUrl, Optional<Zone> zone, IpVersion ipVersion) {

        /** A section without a zone (the dyndns2-style providers), registering both families (the default). */
        public Ddns(String provider, Optional<String> server, boolean insecure, List<String> hostnames,
                    Optional<String> username, Optional<Path> passwordFile, Optional<String> passwordEnv,
                    String ipSource, Optional<String> ipUrl) {
            this(provider, server, insecure, hostnames, username, passwordFile, passwordEnv, ipSource, ipUrl, Optional.empty(),
                    IpVersion.BOTH);
        }

        /** A section with a zone (rfc2136, cloudflare), registering both families (the default). */
        public Ddns(String provider, Optional<String> server, boolean insecure, List<String> hostnames,
                    Optional<String> username, Optional<Path> passwordFile, Optional<String> passwordEnv,
                    String ipSource, Optional<String> ipUrl, Optional<Zone> zone) {
            this(provider, server, insecure, hostnames, username, passwordFile, passwordEnv, ipSource, ipUrl, zone, IpVersion.BOTH);
        }

        /** A section without a zone, registering the families given. */
        public Ddns(String provider, Optional<String> server, boolean insecure, List<String> hostnames,
                    Optional<String> username, Optional<Path> passwordFile, Optional<String> passwordEnv,
                    String ipSource, Optional<String> ipUrl, IpVersion ipVersion) {
            this(provider, server, insecure, hostnames, username, passwordFile, passwordEnv, ipSource, ipUrl, Optional.empty(),
                    ipVersion);
        }

        public Ddns {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(server, "server");
            hostnames = List.copyOf(hostnames);
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(passwordFile, "passwordFile");
            Objects.requireNonNull(passwordEnv, "passwordEnv");
            Objects.requireNonNull(ipSource, "ipSource");
            Objects.requireNonNull(ipUrl, "ipUrl");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(ipVersion, "ipVersion");
        }
    }

    /**
     * The zone whose records homeport edits (providers rfc2136 and cloudflare).
     *
     * @param name    the zone's name, e.g. {@code example.org}, without the trailing dot
     * @param ttl     the records' TTL in seconds; empty: 300 for rfc2136, the existing record's for cloudflare
     * @param proxied cloudflare only: route through Cloudflare's proxy; empty: as the existing record has it
     */
    public record Zone(String name, Optional<Integer> ttl, Optional<Boolean> proxied) {
        public Zone {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(proxied, "proxied");
            if (ttl.isPresent() && (ttl.get() < 1 || ttl.get() > 604_800)) {
                throw new IllegalArgumentException("ttl (" + ttl.get() + ") must be 1..604800");
            }
        }
    }
}
