package dev.homeport.doctor;

import dev.homeport.net.Ipv6Local;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The IPv6 side: this host's stable global address, a pinhole for each forward, each name's AAAA record, and whether
 * the site is reachable over IPv6. IPv6 findings are warnings, never problems: without them the site may still be
 * reachable over IPv4. Behind carrier-grade NAT with IPv6 working, doctor says the site is reachable over IPv6 only.
 */
final class Ipv6Checks {
    static final String ADDRESS = "global-address";
    static final String PINHOLE = "pinhole";
    static final String DNS = "aaaa-record";
    static final String ONLY = "reachability";

    private final Ipv6Probe probe;
    private final Resolver resolver;

    /**
     * @param resolver where AAAA records are looked up: the same as doctor's dns check, so with provider rfc2136 the zone's
     *                 own server (this host's resolver may not know the zone, or still cache the old record)
     */
    Ipv6Checks(Ipv6Probe probe, Resolver resolver) {
        this.probe = probe;
        this.resolver = resolver;
    }

    /** What the IPv6 checks found: the checks, and whether every forward is open over IPv6. */
    record Result(List<Check> checks, boolean reachable, Optional<String> address) {
    }

    Result run(Request request) {
        List<Check> out = new ArrayList<>();
        Optional<String> address = probe.stableAddress();
        // A host without IPv6 gets no IPv6 lines at all: nothing to fix there, and IPv4 is the whole story.
        if (address.isEmpty()) return new Result(out, false, address);
        out.add(Check.ok(ADDRESS, "", address.get() + " (stable, global: pinholes and AAAA records use it)"));
        boolean all = true;
        for (Target t : request.targets()) {
            if (t.to().isPresent()) continue;
            String subject = "[" + address.get() + "]:" + t.port() + "/" + t.protocol().label();
            Optional<String> missing = probe.pinholeMissing(t.port(), t.protocol());
            if (missing.isEmpty()) {
                out.add(Check.ok(PINHOLE, subject, "open: the router lets the internet reach it over IPv6"));
            } else {
                all = false;
                out.add(Check.of(PINHOLE, subject, Status.WARNING, "no pinhole: " + missing.get()
                        + "; visitors over IPv6 cannot reach it", fix(t.port())));
            }
        }
        for (String h : request.hostnames()) {
            Resolver.Lookup lookup = resolver.resolve(h);
            List<String> aaaa = lookup.ipv6().stream().map(Ipv6Checks::canonical).toList();
            if (aaaa.contains(address.get())) {
                out.add(Check.ok(DNS, h, "AAAA " + address.get() + " (this host)"));
            } else {
                all = false;
                out.add(Check.of(DNS, h, Status.WARNING, aaaa.isEmpty() ? lookup.failure().map(f -> "cannot check the AAAA record: " + f)
                                .orElse("no AAAA record: IPv6 visitors cannot find this host")
                        : "AAAA " + String.join(", ", aaaa) + " is not this host's " + address.get(),
                        "run 'homeport ddns update' (ddns.ip-version both or 6)"));
            }
        }
        return new Result(out, all && request.targets().stream().anyMatch(t -> t.to().isEmpty()), address);
    }

    /** Canonical text, without a zone index, so the resolver's spelling compares with this host's address. */
    private static String canonical(String address) {
        String a = address.replaceFirst("%.*$", "");
        try {
            return Ipv6Local.canonicalText(a);
        } catch (IllegalArgumentException e) {
            return a;
        }
    }

    /** Behind carrier-grade NAT (or another NAT) with IPv6 working: what that means for visitors, plainly. */
    static Check onlyIpv6(String address) {
        return Check.of(ONLY, "", Status.WARNING, "the site is reachable over IPv6 only (at " + address + "): IPv4 cannot"
                + " reach this line, so visitors without IPv6 (many mobile networks, some home and office connections)"
                + " cannot open it", "ask the ISP for a public IPv4 address, or put an IPv4 relay or tunnel in front for"
                + " IPv4-only visitors");
    }

    private static String fix(int port) {
        return port < 1024 ? "UPnP routers refuse pinholes for ports below 1024: serve on a port of 1024 or more, or open"
                + " it in the router's IPv6 firewall (or with PCP where the router speaks it)"
                : "run 'homeport forward --port " + port + "' (or reassert with the config)";
    }
}
