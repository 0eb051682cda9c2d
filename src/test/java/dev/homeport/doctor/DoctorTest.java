package dev.homeport.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The whole run over fakes: order, the first problem, and consequences demoted so they do not drown the cause. */
class DoctorTest {
    private static final String HOST = "pi.lab.test";

    private Sockets sockets = Fakes.sockets(new Sockets.Listener("0.0.0.0", 888));
    private final Fakes.FakeRouter router = new Fakes.FakeRouter();
    private RouterSource routers = () -> router;
    private final Fakes.FakeResolver resolver = new Fakes.FakeResolver().a(HOST, Fakes.WAN);
    private final Fakes.FakeWeb web = new Fakes.FakeWeb();
    private Optional<String> echoUrl = Optional.empty();

    DoctorTest() {
        router.table.add(PortMapping.of(888, Protocol.TCP, Fakes.LAN, 888, "homeport pi 888", 604_800));
    }

    private Report run() {
        Probes probes = new Probes(sockets, Fakes.noFirewallTools(), resolver, web, Fakes.lan());
        Doctor doctor = new Doctor(probes, routers, DdnsStatusSource.none(),
                Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC));
        return doctor.run(new Request(List.of(Target.port(888)), List.of(HOST), echoUrl, false, false));
    }

    private static List<String> names(Report r) {
        return r.checks().stream().map(Check::name).toList();
    }

    private static Check find(Report r, String name) {
        return r.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void runsTheChecksInReadingOrder() {
        echoUrl = Optional.of("http://11.7.0.1/ip");
        web.answer("http://11.7.0.1/ip", 200, "11.7.0.2");
        assertEquals(List.of("local-server", "firewall", "router", "wan-address", "ip-echo", "mapping", "dns", "hairpin"),
                names(run()));
    }

    @Test
    void findsNothingBlockingWhenAllIsInPlace() {
        web.answer("http://11.7.0.2:888/", 200, "hello");
        Report r = run();
        assertFalse(r.blocked(), r.toString());
        assertEquals(0, r.count(Status.PROBLEM));
        Check hairpin = find(r, "hairpin");
        assertEquals(Status.INFO, hairpin.status());
        assertTrue(hairpin.fix().orElseThrow().contains("a phone with Wi-Fi off opening http://pi.lab.test:888/"),
                hairpin.fix().orElseThrow());
    }

    @Test
    void reportsAFailedHairpinAsInformationOnly() {
        Report r = run();
        assertFalse(r.blocked());
        Check hairpin = find(r, "hairpin");
        assertEquals(Status.INFO, hairpin.status());
        assertTrue(hairpin.evidence().contains("many routers do not loop connections back"), hairpin.evidence());
        assertEquals(List.of("http://11.7.0.2:888/"), web.asked);
    }

    @Test
    void putsTheLoopbackBindFirst() {
        sockets = Fakes.sockets(new Sockets.Listener("127.0.0.1", 888));
        Report r = run();
        Check first = r.firstProblem().orElseThrow();
        assertEquals("local-server", first.name());
        assertTrue(first.fix().orElseThrow().contains("app.run(host=\"0.0.0.0\", port=888)"));
    }

    @Test
    void namesTheRouterWhenNoneAnswersAndSkipsWhatDependsOnIt() {
        routers = () -> {
            throw new HomeportException(HomeportException.Kind.NO_ROUTER, "no UPnP router answered on 192.0.2.1");
        };
        Report r = run();
        assertEquals("router", r.firstProblem().orElseThrow().name());
        assertEquals(1, r.count(Status.PROBLEM));
        assertEquals(Status.SKIPPED, find(r, "mapping").status());
        assertEquals(Status.SKIPPED, find(r, "wan-address").status());
        assertEquals(Status.SKIPPED, find(r, "hairpin").status());
        assertEquals(Status.INFO, find(r, "dns").status());
    }

    @Test
    void namesCarrierGradeNatFirstAndDemotesTheMissingMapping() {
        router.wan = "100.64.0.2";
        router.table.clear();
        Report r = run();
        Check first = r.firstProblem().orElseThrow();
        assertEquals("wan-address", first.name());
        assertTrue(first.evidence().contains("carrier-grade NAT"));
        assertEquals(1, r.count(Status.PROBLEM), r.toString());
        Check mapping = find(r, "mapping");
        assertEquals(Status.INFO, mapping.status());
        assertTrue(mapping.evidence().endsWith("(moot while the router's WAN address 100.64.0.2 is not public)"), mapping.evidence());
        assertTrue(mapping.fix().isEmpty());
        assertEquals(Status.SKIPPED, find(r, "hairpin").status());
        assertTrue(web.asked.isEmpty(), "no hairpin attempt behind CGNAT");
    }

    @Test
    void namesAHiddenWanAddressFirstAndDemotesTheMissingMapping() {
        router.wan = "";
        router.table.clear();
        Report r = run();
        assertEquals("wan-address", r.firstProblem().orElseThrow().name());
        assertEquals(1, r.count(Status.PROBLEM), r.toString());
        assertTrue(find(r, "mapping").evidence().endsWith("(moot while the router's WAN address is not public)"));
        assertEquals(Status.INFO, find(r, "dns").status());
    }

    @Test
    void flagsTheMissingMappingAndSkipsHairpin() {
        router.table.clear();
        Report r = run();
        assertEquals("mapping", r.firstProblem().orElseThrow().name());
        assertEquals(1, r.count(Status.PROBLEM));
        assertEquals(Status.SKIPPED, find(r, "hairpin").status());
    }

    @Test
    void flagsTheMappingToTheOtherHost() {
        router.table.clear();
        router.table.add(PortMapping.of(888, Protocol.TCP, "192.0.2.11", 888, "homeport lan2 888", 3600));
        Check first = run().firstProblem().orElseThrow();
        assertEquals("mapping", first.name());
        assertTrue(first.evidence().contains("192.0.2.11"), first.evidence());
    }

    @Test
    void flagsAHostnameOnAnOldAddress() {
        resolver.a(HOST, "11.7.0.99");
        Check first = run().firstProblem().orElseThrow();
        assertEquals("dns", first.name());
        assertTrue(first.evidence().startsWith("pi.lab.test resolves to 11.7.0.99, but the router's WAN address is 11.7.0.2"));
    }

    @Test
    void comparesDnsWithTheInternetsViewBehindAnUpstreamNat() {
        echoUrl = Optional.of("http://11.7.0.1/ip");
        web.answer("http://11.7.0.1/ip", 200, "203.0.113.9");
        Report r = run();
        assertEquals("ip-echo", r.firstProblem().orElseThrow().name());
        assertEquals(Status.OK, find(r, "mapping").status());
        Check dns = find(r, "dns");
        assertEquals(Status.INFO, dns.status());
        assertTrue(dns.evidence().contains("the address the internet sees is 203.0.113.9"), dns.evidence());
    }

    @Test
    void foldsAMultiLineRouterMessageIntoOneLine() {
        routers = () -> {
            throw new HomeportException(HomeportException.Kind.NO_ROUTER, "no answer\n  from 192.0.2.1\r\n");
        };
        Check router = find(run(), "router");
        assertEquals("no router answers (default gateway 192.0.2.1): no answer from 192.0.2.1", router.evidence());
    }

    @Test
    void handsEachCheckToTheListenerAsItIsKnown() {
        Probes probes = new Probes(sockets, Fakes.noFirewallTools(), resolver, web, Fakes.lan());
        List<Check> streamed = new ArrayList<>();
        Report r = new Doctor(probes, routers, DdnsStatusSource.none(), Clock.systemUTC())
                .run(new Request(List.of(Target.port(888)), List.of(), Optional.empty(), false, false), streamed::add);
        assertEquals(r.checks(), streamed);
    }

    @Test
    void theAaaaRecordIsLookedUpWhereTheDnsCheckLooksSoTheZonesOwnServerAnswersForRfc2136() {
        String me = "2001:db8:1::10";
        Ipv6Probe v6 = new Ipv6Probe() {
            @Override
            public Optional<String> stableAddress() {
                return Optional.of(me);
            }

            @Override
            public Optional<String> pinholeMissing(int port, Protocol protocol) {
                return Optional.empty();
            }
        };
        resolver.answers.put(HOST, new Resolver.Lookup(List.of(Fakes.WAN), List.of("2001:db8:1:0:0:0:0:10"), Optional.empty()));
        Probes probes = new Probes(sockets, Fakes.noFirewallTools(), resolver, web, Fakes.lan());
        Request request = new Request(List.of(Target.port(888)), List.of(HOST), Optional.empty(), false, false);
        Check aaaa = find(new Doctor(probes, routers, DdnsStatusSource.none(), Clock.systemUTC(), v6).run(request), "aaaa-record");
        assertEquals(Status.OK, aaaa.status(), aaaa::toString);
        assertEquals("AAAA " + me + " (this host)", aaaa.evidence());

        resolver.answers.put(HOST, new Resolver.Lookup(List.of(), List.of(), Optional.of("no answer from 11.7.53.53 within 5 s")));
        aaaa = find(new Doctor(probes, routers, DdnsStatusSource.none(), Clock.systemUTC(), v6).run(request), "aaaa-record");
        assertEquals(Status.WARNING, aaaa.status());
        assertEquals("cannot check the AAAA record: no answer from 11.7.53.53 within 5 s", aaaa.evidence());
    }
}
