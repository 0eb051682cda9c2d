package dev.homeport.doctor;

import dev.homeport.core.Protocol;
import dev.homeport.core.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs the reachability checks in the order a user should read them: the local server, the local firewall, the
 * router, its WAN address, the mapping, DNS, hairpin. When an earlier finding makes a later one moot (behind
 * carrier-grade NAT a missing mapping is not the cause), the later one is demoted to information, so the first
 * problem always names the real cause.
 */
public final class Doctor {
    private final Lan lan;
    private final LocalServerCheck local;
    private final FirewallCheck firewall;
    private final RouterChecks routers;
    private final DnsCheck dns;
    private final HairpinCheck hairpin;
    private final Ipv6Checks ipv6;

    public Doctor(Probes probes, RouterSource routerSource, DdnsStatusSource ddns, Clock clock) {
        this(probes, routerSource, ddns, clock, Ipv6Probe.none());
    }

    /** @param ipv6 this host's IPv6 side (address, pinholes, AAAA records) */
    public Doctor(Probes probes, RouterSource routerSource, DdnsStatusSource ddns, Clock clock, Ipv6Probe ipv6) {
        this.ipv6 = new Ipv6Checks(ipv6, probes.resolver());
        this.lan = probes.lan();
        this.local = new LocalServerCheck(probes.sockets());
        this.firewall = new FirewallCheck(probes.firewall());
        this.routers = new RouterChecks(routerSource, probes.web());
        this.dns = new DnsCheck(probes.resolver(), ddns, clock);
        this.hairpin = new HairpinCheck(probes.web());
    }

    /** Runs every check and returns them in order. */
    public Report run(Request request) {
        return run(request, c -> { });
    }

    /** Runs every check, handing each to {@code progress} as soon as it is known, and returns them in order. */
    public Report run(Request request, Consumer<Check> progress) {
        List<Check> all = new ArrayList<>();
        Consumer<Check> out = c -> {
            all.add(c);
            progress.accept(c);
        };
        Optional<String> gateway = lan.gateway();
        Optional<String> lanAddress = gateway.flatMap(lan::addressTowards);
        localSide(request, lanAddress, out);
        RouterChecks.Connection connection = routers.connect(gateway, request.targets().stream().findFirst());
        out.accept(connection.check());
        Optional<RouterChecks.Wan> wan = connection.router().map(r -> routers.wan(connection));
        // Asked before the WAN verdict is printed: with IPv6 open, an IPv4 dead end no longer blocks the site.
        Ipv6Checks.Result v6 = ipv6.run(request);
        Consumer<Check> v4Path = v6.reachable() ? c -> out.accept(ipv4Only(c)) : out;
        v4Path.accept(wan.map(RouterChecks.Wan::check)
                .orElseGet(() -> Check.of(RouterChecks.WAN, "", Status.SKIPPED, "not checked: no router answered", null)));
        Optional<String> seen = Optional.empty();
        List<Check> echo = new ArrayList<>();
        if (request.ipEchoUrl().isPresent()) {
            seen = routers.echo(request.ipEchoUrl().get(), wan, echo::add);
            echo.forEach(v4Path);
        }
        Optional<String> moot = moot(wan, echo);
        List<Target> mapped = mappings(request, connection.router(), lanAddress, moot, out);
        Optional<DnsCheck.Expected> expected = expected(wan, seen);
        for (String h : request.hostnames()) {
            out.accept(demote(dns.check(h, expected, request.ddnsConfigured()), moot));
        }
        for (Target t : request.targets()) {
            out.accept(hairpin(t, wan, moot, mapped.contains(t), request.hostnames().stream().findFirst(), connection.router()));
        }
        v6.checks().forEach(out);
        if (moot.isPresent() && v6.reachable()) out.accept(Ipv6Checks.onlyIpv6(v6.address().orElseThrow()));
        return new Report(all);
    }

    /** The local server and firewall checks, for every forward to this host. */
    private void localSide(Request request, Optional<String> lanAddress, Consumer<Check> out) {
        for (Target t : request.targets()) {
            out.accept(local.check(t, lanAddress, forThisHost(t, lanAddress)));
        }
        FirewallCheck.Reading rules = firewall.read();
        for (Target t : request.targets()) {
            if (forThisHost(t, lanAddress)) out.accept(rules.check(t));
        }
    }

    /** The mapping check of every forward; returns the forwards whose mapping is in place. */
    private List<Target> mappings(Request request, Optional<Router> router, Optional<String> lanAddress, Optional<String> moot,
                                  Consumer<Check> out) {
        List<Target> mapped = new ArrayList<>();
        for (Target t : request.targets()) {
            Check c;
            if (router.isEmpty()) {
                c = Check.of(RouterChecks.MAPPING, t.key(), Status.SKIPPED, "not checked: no router answered", null);
            } else {
                String host = t.to().or(() -> lanAddress).orElse("this host");
                c = demote(routers.mapping(router.get(), t, host, request.fromConfig()), moot);
            }
            if (c.status() == Status.OK) mapped.add(t);
            out.accept(c);
        }
        return mapped;
    }

    private Check hairpin(Target t, Optional<RouterChecks.Wan> wan, Optional<String> moot, boolean mappingOk,
                          Optional<String> hostname, Optional<Router> router) {
        String why = router.isEmpty() ? "no router answered"
                : moot.isPresent() ? moot.get()
                : !mappingOk ? "the mapping is not in place"
                : t.protocol() != Protocol.TCP ? "UDP has no HTTP to try"
                : wan.flatMap(RouterChecks.Wan::address).isEmpty() ? "the WAN address is unknown" : "";
        if (!why.isEmpty()) return Check.of(HairpinCheck.NAME, t.key(), Status.SKIPPED, "not tried: " + why, null);
        return hairpin.check(t, wan.get().address().get(), hostname);
    }

    /** Why router-side findings are moot: the WAN address is not public, or the internet sees another address. */
    private static Optional<String> moot(Optional<RouterChecks.Wan> wan, List<Check> echo) {
        if (wan.isPresent() && wan.get().check().blocking()) {
            return Optional.of("moot while the router's WAN address" + wan.get().address().map(a -> " " + a).orElse("")
                    + " is not public");
        }
        if (echo.stream().anyMatch(Check::blocking)) {
            return Optional.of("moot while another NAT sits upstream of the router");
        }
        return Optional.empty();
    }

    /** An IPv4 dead end when IPv6 reaches the site: a warning about IPv4 visitors, no longer a blocking problem. */
    private static Check ipv4Only(Check c) {
        if (!c.blocking()) return c;
        return new Check(c.name(), c.subject(), Status.WARNING, c.evidence() + " (IPv4 only: the site is reachable over IPv6)",
                c.fix());
    }

    private static Check demote(Check c, Optional<String> moot) {
        if (moot.isEmpty() || (c.status() != Status.PROBLEM && c.status() != Status.WARNING)) return c;
        return new Check(c.name(), c.subject(), Status.INFO, c.evidence() + " (" + moot.get() + ")", Optional.empty());
    }

    /** The address names must resolve to: the public WAN address, else what the internet sees. */
    private static Optional<DnsCheck.Expected> expected(Optional<RouterChecks.Wan> wan, Optional<String> seen) {
        if (wan.isPresent() && wan.get().isPublic() && seen.map(s -> s.equals(wan.get().address().get())).orElse(true)) {
            return Optional.of(new DnsCheck.Expected(wan.get().address().get(), "the router's WAN address"));
        }
        return seen.map(s -> new DnsCheck.Expected(s, "the address the internet sees"));
    }

    private static boolean forThisHost(Target t, Optional<String> lanAddress) {
        return t.to().isEmpty() || lanAddress.map(t.to().get()::equals).orElse(false);
    }
}
