package dev.homeport.ddns;

import java.util.Locale;
import java.util.Optional;

/** The providers homeport knows: their update server and protocol. */
enum Provider {
    DYNDNS("dyndns", "https://members.dyndns.org/nic/update", Wire.DYNDNS2),
    NOIP("noip", "https://dynupdate.no-ip.com/nic/update", Wire.DYNDNS2),
    DYNU("dynu", "https://api.dynu.com/nic/update", Wire.DYNDNS2),
    /** Hurricane Electric: the user name is the hostname itself and every record has its own key. */
    HE("he", "https://dyn.dns.he.net/nic/update", Wire.DYNDNS2),
    DUCKDNS("duckdns", "https://www.duckdns.org/update", Wire.DUCKDNS),
    DYNDNS2("dyndns2", null, Wire.DYNDNS2),
    /** The user's own DNS server: RFC 2136 UPDATE signed with a TSIG key. */
    RFC2136("rfc2136", null, Wire.RFC2136),
    /** Cloudflare's API v4 with an API token (it has no dyndns2 endpoint). */
    CLOUDFLARE("cloudflare", "https://api.cloudflare.com/client/v4", Wire.CLOUDFLARE);

    /** The wire protocols. */
    enum Wire { DYNDNS2, DUCKDNS, RFC2136, CLOUDFLARE }

    private final String id;
    private final String defaultUrl;
    private final Wire wire;

    Provider(String id, String defaultUrl, Wire wire) {
        this.id = id;
        this.defaultUrl = defaultUrl;
        this.wire = wire;
    }

    String id() {
        return id;
    }

    Optional<String> defaultUrl() {
        return Optional.ofNullable(defaultUrl);
    }

    Wire wire() {
        return wire;
    }

    /**
     * How the provider takes an IPv6 address: in {@code myip} as {@code v4,v6} (no-ip, generic dyndns2), in
     * {@code myipv6} (Dynu), in {@code ipv6=} (DuckDNS); Dyn never specified IPv6 and Hurricane Electric wants a
     * separate request per family, which homeport does not send: those get the A record only.
     */
    boolean takesIpv6() {
        return this != DYNDNS && this != HE;
    }

    /** True when the IPv6 address goes in its own {@code myipv6} parameter (Dynu). */
    boolean ipv6Separate() {
        return this == DYNU;
    }

    /** True when each hostname needs a request of its own (HE authenticates per record). */
    boolean onePerRequest() {
        return this == HE;
    }

    static Provider of(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        for (Provider p : values()) {
            if (p.id.equals(wanted)) return p;
        }
        throw new IllegalArgumentException("unknown ddns provider '" + id + "'");
    }
}
