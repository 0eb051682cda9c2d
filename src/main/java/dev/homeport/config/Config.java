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

    /** How homeport reaches the router. */
    public enum Via { AUTO, UPNP, WEB }

    /**
     * The {@code router:} section.
     *
     * @param via          auto (UPnP, then web admin), upnp or web
     * @param url          UPnP description URL or web-admin base URL; empty to discover
     * @param profile      web-admin profile id, or "auto"
     * @param username     web-admin user
     * @param passwordFile web-admin password file
     * @param passwordEnv  environment variable holding the web-admin password
     * @param lease        lease requested for every mapping unless a forward says otherwise
     */
    public record RouterSettings(Via via, Optional<String> url, String profile, Optional<String> username,
                                 Optional<Path> passwordFile, Optional<String> passwordEnv, Lease lease) {
        public RouterSettings {
            Objects.requireNonNull(via, "via");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(lease, "lease");
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
     * @param ipVersion    which records: 4 (A, the router's address), 6 (AAAA, this host's stable IPv6 address) or
     *                     both (the default: AAAA too when this host has such an address and the provider takes it)
     */
    public record Ddns(String provider, Optional<String> server, boolean insecure, List<String> hostnames,
                       Optional<String> username, Optional<Path> passwordFile, Optional<String> passwordEnv,
                       String ipSource, Optional<String> ipUrl, IpVersion ipVersion) {

        /** A section registering both families (the default). */
        public Ddns(String provider, Optional<String> server, boolean insecure, List<String> hostnames,
                    Optional<String> username, Optional<Path> passwordFile, Optional<String> passwordEnv,
                    String ipSource, Optional<String> ipUrl) {
            this(provider, server, insecure, hostnames, username, passwordFile, passwordEnv, ipSource, ipUrl, IpVersion.BOTH);
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
            Objects.requireNonNull(ipVersion, "ipVersion");
        }
    }
}
