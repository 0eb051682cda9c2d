package dev.homeport.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DnsCheckTest {
    private static final String NAME = "savvypetesblog.is-lost.org";
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final Optional<DnsCheck.Expected> WAN = Optional.of(new DnsCheck.Expected(Fakes.WAN, "the router's WAN address"));

    private final Fakes.FakeResolver resolver = new Fakes.FakeResolver();
    private Optional<DdnsStatusSource.HostStatus> status = Optional.empty();
    private final DnsCheck dns = new DnsCheck(resolver, h -> status, Clock.fixed(NOW, ZoneOffset.UTC));

    private static DdnsStatusSource.HostStatus status(DdnsStatusSource.State state, String answer, String ip, Instant when,
                                                        Instant heldUntil) {
        return new DdnsStatusSource.HostStatus(NAME, state, Optional.ofNullable(answer), Optional.ofNullable(ip),
                Optional.ofNullable(when), Optional.ofNullable(heldUntil), Optional.empty(), Optional.empty());
    }

    @Test
    void acceptsANameResolvingToTheWanAddress() {
        resolver.a(NAME, Fakes.WAN);
        Check c = dns.check(NAME, WAN, true);
        assertEquals(Status.OK, c.status());
        assertEquals(NAME + " -> 11.7.0.2, the router's WAN address", c.evidence());
    }

    @Test
    void tellsHowToFixAnOldAddressWithoutDynamicDns() {
        resolver.a(NAME, "11.7.0.99");
        Check c = dns.check(NAME, WAN, false);
        assertEquals(Status.PROBLEM, c.status());
        assertEquals(NAME + " resolves to 11.7.0.99, but the router's WAN address is 11.7.0.2 (dynamic DNS is not configured here)",
                c.evidence());
        assertTrue(c.fix().orElseThrow().startsWith("point " + NAME + "'s A record at 11.7.0.2"), c.fix().orElseThrow());
    }

    @Test
    void namesALatchedDynamicDnsAndTheProvidersAnswer() {
        resolver.a(NAME, "11.7.0.99");
        status = Optional.of(status(DdnsStatusSource.State.LATCHED, "badauth", "11.7.0.99", NOW.minusSeconds(86_400), null));
        Check c = dns.check(NAME, WAN, true);
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().endsWith("dynamic DNS is latched off after the provider answered 'badauth', so homeport sends no updates"),
                c.evidence());
        assertTrue(c.fix().orElseThrow().contains("homeport ddns update --force"), c.fix().orElseThrow());
    }

    @Test
    void namesAHoldAndWhenItEnds() {
        resolver.a(NAME, "11.7.0.99");
        status = Optional.of(status(DdnsStatusSource.State.HELD, "911", "11.7.0.99", null, NOW.plusSeconds(1200)));
        Check c = dns.check(NAME, WAN, true);
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().endsWith("dynamic DNS is on hold until 2026-11-27T10:20:00Z after the provider answered '911'"),
                c.evidence());
    }

    @Test
    void callsAFreshUpdatePropagationNotAProblem() {
        resolver.a(NAME, "11.7.0.99");
        status = Optional.of(status(DdnsStatusSource.State.ACTIVE, "good", Fakes.WAN, NOW.minusSeconds(120), null));
        Check c = dns.check(NAME, WAN, true);
        assertEquals(Status.WARNING, c.status());
        assertTrue(c.evidence().contains("homeport updated it to 11.7.0.2 2 min ago") && c.evidence().contains("propagating"),
                c.evidence());
    }

    @Test
    void suspectsAnotherUpdaterWhenAnOldAcceptedUpdateDidNotStick() {
        resolver.a(NAME, "11.7.0.99");
        status = Optional.of(status(DdnsStatusSource.State.ACTIVE, "good", Fakes.WAN, NOW.minusSeconds(7200), null));
        Check c = dns.check(NAME, WAN, true);
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().contains("something else"), c.evidence());
    }

    @Test
    void asksForAnUpdateWhenTheLastSentAddressIsOld() {
        resolver.a(NAME, "11.7.0.99");
        status = Optional.of(status(DdnsStatusSource.State.ACTIVE, "good", "11.7.0.99", NOW.minusSeconds(7200), null));
        Check c = dns.check(NAME, WAN, true);
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().endsWith("homeport last sent 11.7.0.99 at 2026-11-27T08:00:00Z"), c.evidence());
        assertTrue(c.fix().orElseThrow().startsWith("run 'homeport ddns update'"), c.fix().orElseThrow());
    }

    @Test
    void usesTheDdnsSummaryForAFailingUpdater() {
        resolver.a(NAME, "11.7.0.99");
        status = Optional.of(new DdnsStatusSource.HostStatus(NAME, DdnsStatusSource.State.FAILING, Optional.empty(),
                Optional.of("11.7.0.99"), Optional.empty(), Optional.empty(),
                Optional.of("the last 3 attempts failed (HTTP 502); the first run after 10:30 retries"),
                Optional.of("'homeport ddns update --force' retries now")));
        Check c = dns.check(NAME, WAN, true);
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().endsWith("dynamic DNS updates fail: the last 3 attempts failed (HTTP 502); the first run after 10:30"
                + " retries"), c.evidence());
        assertEquals("'homeport ddns update --force' retries now", c.fix().orElseThrow());
    }

    @Test
    void saysWhenTheDdnsStateCannotBeRead() {
        resolver.a(NAME, "11.7.0.99");
        DnsCheck broken = new DnsCheck(resolver, h -> {
            throw new dev.homeport.core.HomeportException(dev.homeport.core.HomeportException.Kind.CONFIG,
                    "/etc/homeport/ddns.secret: permission denied", "run as root");
        }, Clock.fixed(NOW, ZoneOffset.UTC));
        Check c = broken.check(NAME, WAN, true);
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().endsWith("the dynamic DNS state could not be read: /etc/homeport/ddns.secret: permission denied"));
    }

    @Test
    void flagsANameThatDoesNotExist() {
        Check c = dns.check(NAME, WAN, false);
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().startsWith(NAME + " does not resolve, but the router's WAN address is 11.7.0.2"), c.evidence());
    }

    @Test
    void warnsWhenTheResolverItselfFails() {
        resolver.answers.put(NAME, Resolver.Lookup.failed("no answer within 5 s"));
        Check c = dns.check(NAME, WAN, false);
        assertEquals(Status.WARNING, c.status());
        assertTrue(c.evidence().contains("no answer within 5 s"), c.evidence());
    }

    @Test
    void reportsWithoutVerdictWhenThePublicAddressIsUnknown() {
        resolver.a(NAME, "11.7.0.99");
        Check c = dns.check(NAME, Optional.empty(), false);
        assertEquals(Status.INFO, c.status());
        assertEquals(List.of(), c.fix().stream().toList());
    }

    @Test
    void warnsAboutExtraAddresses() {
        resolver.a(NAME, Fakes.WAN, "203.0.113.5");
        assertEquals(Status.WARNING, dns.check(NAME, WAN, false).status());
    }
}
