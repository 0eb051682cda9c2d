package dev.homeport.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterChecksTest {
    private final Fakes.FakeRouter router = new Fakes.FakeRouter();
    private final Fakes.FakeWeb web = new Fakes.FakeWeb();
    private final RouterChecks checks = new RouterChecks(() -> router, web);

    private RouterChecks.Wan wan() {
        return checks.wan(checks.connect(Optional.of(Fakes.GATEWAY)));
    }

    @Test
    void saysWhichRouterAnswersAndOnWhichGateway() {
        RouterChecks.Connection c = checks.connect(Optional.of(Fakes.GATEWAY));
        assertEquals(Status.OK, c.check().status());
        assertEquals("UPnP IGD:2 on Fake Router answers (default gateway 192.0.2.1)", c.check().evidence());
    }

    @Test
    void explainsARouterThatDoesNotAnswerWithTheConnectorsHint() {
        RouterChecks failing = new RouterChecks(() -> {
            throw new HomeportException(HomeportException.Kind.NO_ROUTER, "no UPnP router answered on 192.0.2.1",
                    "turn on UPnP, or configure the web admin");
        }, web);
        RouterChecks.Connection c = failing.connect(Optional.of(Fakes.GATEWAY));
        assertTrue(c.router().isEmpty());
        assertEquals(Status.PROBLEM, c.check().status());
        assertEquals("no router answers (default gateway 192.0.2.1): no UPnP router answered on 192.0.2.1", c.check().evidence());
        assertEquals("turn on UPnP, or configure the web admin", c.check().fix().orElseThrow());
    }

    @Test
    void treatsARouterThatConnectsButDoesNotAnswerAsUnreachable() {
        router.failure = Optional.of(new HomeportException(HomeportException.Kind.NO_ROUTER, "no UPnP router answered within 3s",
                "enable UPnP on the router, or pass --router URL"));
        RouterChecks.Connection c = checks.connect(Optional.of(Fakes.GATEWAY));
        assertTrue(c.router().isEmpty());
        assertEquals(Status.PROBLEM, c.check().status());
        assertEquals("no router answers (default gateway 192.0.2.1): no UPnP router answered within 3s", c.check().evidence());
        assertTrue(c.check().fix().orElseThrow().startsWith("enable UPnP on the router, or pass --router URL; or let homeport use"
                + " the router's web admin"), c.check().fix().orElseThrow());
    }

    @Test
    void advisesUpnpFirstWhenTheWebAdminFallbackFailedToo() {
        RouterChecks failing = new RouterChecks(() -> {
            throw new HomeportException(HomeportException.Kind.NO_ROUTER, "UPnP failed (no UPnP router answered within 3s) and the"
                    + " web-admin fallback too: the router's web admin needs its password", "pass --password-file FILE");
        }, web);
        Check c = failing.connect(Optional.of(Fakes.GATEWAY)).check();
        assertEquals("turn on UPnP in the router's settings (often under Advanced > UPnP); or, for the web admin: pass"
                + " --password-file FILE", c.fix().orElseThrow());
    }

    @Test
    void acceptsAWebAdminThatCannotReadTheWanAddressButListsMappings() {
        Fakes.FakeRouter webAdmin = new Fakes.FakeRouter() {
            @Override
            public String externalAddress() {
                throw new HomeportException(HomeportException.Kind.WEB_ADMIN, "profile netgear.sercomm cannot read the router's"
                        + " WAN address", "use UPnP (--via upnp) or an IP-echo service for the address");
            }
        };
        RouterChecks.Connection c = new RouterChecks(() -> webAdmin, web).connect(Optional.of(Fakes.GATEWAY),
                Optional.of(Target.port(888)));
        assertEquals(Status.OK, c.check().status());
        Check wan = new RouterChecks(() -> webAdmin, web).wan(c).check();
        assertEquals(Status.WARNING, wan.status());
        assertEquals("the router did not tell its WAN address: profile netgear.sercomm cannot read the router's WAN address",
                wan.evidence());
    }

    @Test
    void blamesThisHostNotTheRouterForALocalFailure() {
        RouterChecks failing = new RouterChecks(() -> {
            throw new HomeportException(HomeportException.Kind.IO, "cannot read state file /var/lib/homeport/gateway.state",
                    "check the permissions of /var/lib/homeport");
        }, web);
        Check c = failing.connect(Optional.of(Fakes.GATEWAY)).check();
        assertEquals(Status.PROBLEM, c.status());
        assertEquals("could not ask the router: cannot read state file /var/lib/homeport/gateway.state", c.evidence());
        assertEquals("check the permissions of /var/lib/homeport", c.fix().orElseThrow());
    }

    @Test
    void keepsARouterThatRefusesOnlyTheWanQuestion() {
        router.failure = Optional.of(new HomeportException(HomeportException.Kind.ROUTER_REFUSED, "action not authorized"));
        RouterChecks.Connection c = checks.connect(Optional.of(Fakes.GATEWAY));
        assertEquals(Status.OK, c.check().status());
        assertEquals(Status.WARNING, checks.wan(c).check().status());
    }

    @Test
    void blamesAMissingDefaultRouteWhenThereIsNoGateway() {
        RouterChecks failing = new RouterChecks(() -> {
            throw new HomeportException(HomeportException.Kind.NO_ROUTER, "no UPnP router answered");
        }, web);
        Check c = failing.connect(Optional.empty()).check();
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().contains("no default gateway"), c.evidence());
    }

    @Test
    void acceptsAPublicWanAddress() {
        RouterChecks.Wan w = wan();
        assertTrue(w.isPublic());
        assertEquals("11.7.0.2 is public", w.check().evidence());
    }

    @Test
    void saysPlainlyThatNoForwardingHelpsBehindCarrierGradeNat() {
        router.wan = "100.64.0.2";
        Check c = wan().check();
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().contains("100.64.0.2 is carrier-grade NAT"), c.evidence());
        assertTrue(c.evidence().contains("no port forwarding on this router can make this host reachable"), c.evidence());
        String fix = c.fix().orElseThrow();
        assertTrue(fix.contains("ask the ISP for a public IPv4 address") && fix.contains("IPv6") && fix.contains("tunnel"), fix);
    }

    @Test
    void namesDoubleNatForAPrivateWanAddress() {
        router.wan = "192.168.178.20";
        Check c = wan().check();
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().contains("192.168.178.20 is private") && c.evidence().contains("double NAT"), c.evidence());
        assertTrue(c.fix().orElseThrow().startsWith("forward the port on the upstream router"), c.fix().orElseThrow());
    }

    @Test
    void flagsARouterWithoutWanAddress() {
        router.wan = "0.0.0.0";
        assertEquals(Status.PROBLEM, wan().check().status());
        assertTrue(wan().check().evidence().contains("unspecified"), wan().check().evidence());
        router.wan = "n/a";
        assertTrue(wan().check().evidence().contains("no usable WAN address"));
    }

    @Test
    void readsAnEmptyWanAddressOfAConnectedRouterAsHiddenBehindNat() {
        router.wan = "";
        Check c = wan().check();
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().contains("hide a WAN address that is private or carrier-grade NAT"), c.evidence());
        assertTrue(c.evidence().contains("no port forwarding on this router can make this host reachable"), c.evidence());
        assertTrue(c.fix().orElseThrow().contains("ask the ISP for a public IPv4 address"), c.fix().orElseThrow());
    }

    @Test
    void confirmsTheInternetSeesTheRoutersAddress() {
        web.answer("http://11.7.0.1/ip", 200, "11.7.0.2\n");
        List<Check> out = new ArrayList<>();
        Optional<String> seen = checks.echo("http://11.7.0.1/ip", Optional.of(wan()), out::add);
        assertEquals(Optional.of("11.7.0.2"), seen);
        assertEquals(Status.OK, out.get(0).status());
        assertEquals("the internet sees 11.7.0.2, the router's WAN address", out.get(0).evidence());
    }

    @Test
    void flagsAnUpstreamNatWhenTheInternetSeesAnotherAddress() {
        web.answer("http://11.7.0.1/ip", 200, "Current IP Address: 203.0.113.9");
        List<Check> out = new ArrayList<>();
        checks.echo("http://11.7.0.1/ip", Optional.of(wan()), out::add);
        assertEquals(Status.PROBLEM, out.get(0).status());
        assertTrue(out.get(0).evidence().startsWith("the internet sees 203.0.113.9 but the router's WAN address is 11.7.0.2"),
                out.get(0).evidence());
    }

    @Test
    void warnsWithoutBlockingWhenTheEchoUrlFails() {
        List<Check> out = new ArrayList<>();
        checks.echo("http://11.7.0.1/ip", Optional.of(wan()), out::add);
        assertEquals(Status.WARNING, out.get(0).status());
        assertTrue(out.get(0).evidence().contains("Connection refused"), out.get(0).evidence());
    }

    @Test
    void readsTheIpLineOfACloudflareTrace() {
        assertEquals(Optional.of("198.51.100.7"), RouterChecks.parseEcho("fl=1\nh=1.1.1.1\nip=198.51.100.7\nts=1\n"));
        assertEquals(Optional.empty(), RouterChecks.parseEcho("<html>no address</html>"));
    }

    @Test
    void confirmsAMappingToThisHostWithItsLease() {
        router.table.add(PortMapping.of(888, Protocol.TCP, Fakes.LAN, 888, "homeport pi 888", 604_000));
        Check c = checks.mapping(router, Target.port(888), Fakes.LAN, false);
        assertEquals(Status.OK, c.status());
        assertEquals("888/tcp -> 192.0.2.10:888 ('homeport pi 888'), lease 6d 23h left", c.evidence());
    }

    @Test
    void flagsAMissingMappingWithTheForwardCommand() {
        Check c = checks.mapping(router, Target.port(888), Fakes.LAN, false);
        assertEquals(Status.PROBLEM, c.status());
        assertEquals("the router does not forward 888/tcp: no mapping for it", c.evidence());
        assertEquals("create it: homeport forward --port 888", c.fix().orElseThrow());
        assertEquals("create it: homeport reassert", checks.mapping(router, Target.port(888), Fakes.LAN, true).fix().orElseThrow());
    }

    @Test
    void flagsAMappingThatPointsAtAnotherLanHost() {
        router.table.add(PortMapping.of(888, Protocol.TCP, "192.0.2.11", 888, "homeport lan2 888", 3600));
        Check c = checks.mapping(router, Target.port(888), Fakes.LAN, false);
        assertEquals(Status.PROBLEM, c.status());
        assertEquals("the router forwards 888/tcp -> 192.0.2.11:888 ('homeport lan2 888'), another host, not this one (192.0.2.10)",
                c.evidence());
        assertTrue(c.fix().orElseThrow().contains("remove it on 192.0.2.11"), c.fix().orElseThrow());
        assertTrue(c.fix().orElseThrow().contains("--external-port 8888"), c.fix().orElseThrow());
    }

    @Test
    void flagsAMappingToTheWrongInternalPortOrDisabled() {
        router.table.add(PortMapping.of(888, Protocol.TCP, Fakes.LAN, 8080, "homeport pi", 0));
        assertTrue(checks.mapping(router, Target.port(888), Fakes.LAN, false).evidence().endsWith("but the server port is 888"));
        router.table.clear();
        router.table.add(new PortMapping(888, Protocol.TCP, Fakes.LAN, 888, "x", false, 0, ""));
        assertTrue(checks.mapping(router, Target.port(888), Fakes.LAN, false).evidence().endsWith("but it is disabled"));
    }

    @Test
    void warnsWhenTheRouterCannotSayWhetherTheMappingExists() {
        router.failure = Optional.of(new HomeportException(HomeportException.Kind.NO_ROUTER, "the router stopped answering"));
        Check c = checks.mapping(router, Target.port(888), Fakes.LAN, false);
        assertEquals(Status.WARNING, c.status());
    }

    @Test
    void formatsLeases() {
        assertEquals("permanent", RouterChecks.lease(0));
        assertEquals("lease 2h 5m left", RouterChecks.lease(7500));
        assertEquals("lease 42s left", RouterChecks.lease(42));
    }
}
