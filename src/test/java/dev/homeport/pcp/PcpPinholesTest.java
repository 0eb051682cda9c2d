package dev.homeport.pcp;

import dev.homeport.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.HomeportException;
import dev.homeport.core.Pinhole;
import dev.homeport.core.PinholeResult;
import dev.homeport.core.Pinholes;
import dev.homeport.core.Protocol;
import dev.homeport.ipv6.PinholeKeeper;
import dev.homeport.state.StateStore;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PCP pinholes against the in-process gateway, which keeps nonces as miniupnpd does. */
class PcpPinholesTest {
    private static final String PI6 = "2001:db8:1::10";
    private FakeGateway gw;
    private PcpPinholes pinholes;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        gw = new FakeGateway();
        // The fake is on IPv4 loopback; the header's client address must be the packet's source, as on the router.
        PcpClient client = new PcpClient(new UdpTransport(gw.address(), Optional.empty()), InetAddress.getLoopbackAddress(),
                PcpClientTest.FAST, clock);
        pinholes = new PcpPinholes(client, new SecureRandom(), "2001:db8:1::1");
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private Pinhole opened(int port) {
        PinholeResult r = pinholes.open(Pinhole.wanted(PI6, port, Protocol.TCP, 7200));
        return assertInstanceOf(PinholeResult.Opened.class, r, r::toString).pinhole();
    }

    @Test
    void openMapsThePortAndTheIdCarriesTheNonceTheRouterKept() {
        gw.maxLifetime = 3600;

        Pinhole p = opened(888);

        assertTrue(p.id().matches("pcp:[0-9a-f]{24}"), p.id());
        assertEquals(3600, p.leaseSeconds(), "the lease the router granted");
        FakeGateway.Entry e = gw.tableCopy().get("tcp888");
        assertEquals(p.id().substring(4), e.nonceHex());
        assertEquals(888, e.internalPort());
        assertEquals("PCP MAP over IPv6 on 2001:db8:1::1", pinholes.describe(p));
    }

    @Test
    void renewAndCloseUseTheSameNonceSoTheRouterAcceptsThemAndTheMappingIsGone() {
        Pinhole p = opened(888);

        assertTrue(pinholes.renew(p));
        assertTrue(pinholes.exists(p));
        assertEquals(1, gw.tableCopy().size());
        assertEquals(Pinholes.Closed.CLOSED, pinholes.close(p));

        assertTrue(gw.tableCopy().isEmpty(), gw.tableCopy()::toString);
    }

    @Test
    void aPinholeWhoseRenewalMadeTheRouterForgetItsNonceIsLeftToLapseWithTheShortestLease() {
        gw.forgetsNonceOnRenew = true;
        Pinhole p = opened(888);
        assertTrue(pinholes.renew(p), "miniupnpd 2.3.1 renews it, and forgets whose it is");

        assertEquals(Pinholes.Closed.LAPSING, pinholes.close(p));

        FakeGateway.Entry e = gw.tableCopy().get("tcp888");
        assertEquals(1, e.lifetime(), "the shortest lease asked for; miniupnpd raises it to its 120 s minimum");
        assertEquals(1, gw.tableCopy().size(), "no other mapping made on the way");
    }

    @Test
    void aRestartedRouterGetsThePinholeBackFromARenewWithTheSameId() {
        Pinhole p = opened(888);
        gw.restart();

        assertTrue(pinholes.renew(p));

        assertEquals(p.id().substring(4), gw.tableCopy().get("tcp888").nonceHex());
    }

    @Test
    void theCheckReadsTheRoutersEpochAndSaysWhenItsMapHadToOpenThePinholeAgain() {
        Pinhole p = opened(888);
        Instant granted = clock.instant();
        clock.advance(Duration.ofMinutes(10));
        assertEquals(Pinholes.Presence.HELD, pinholes.check(p, granted), "epoch 1000 s: the router was up before the grant");

        gw.restart();
        assertEquals(Pinholes.Presence.REOPENED, pinholes.check(p, granted), "epoch 3 s: it restarted after the grant");
        assertEquals(p.id().substring(4), gw.tableCopy().get("tcp888").nonceHex(), "the check's MAP opened it again");
        assertEquals(Pinholes.Presence.GONE, pinholes.check(p.withId("upnp:7"), granted), "not an id PCP issued");
    }

    @Test
    void theKeeperCallsAPinholeTheRouterLostInARestartRestoredNotUnchanged(@TempDir Path dir) {
        PinholeKeeper keeper = new PinholeKeeper(pinholes, new StateStore(dir), clock);
        Pinhole wanted = Pinhole.wanted(PI6, 888, Protocol.TCP, 7200);
        PinholeKeeper.Outcome first = keeper.ensure(wanted);
        assertEquals(PinholeKeeper.Action.OPENED, first.action());
        clock.advance(Duration.ofMinutes(10));
        assertEquals(PinholeKeeper.Action.UNCHANGED, keeper.ensure(wanted).action());

        gw.restart();
        PinholeKeeper.Outcome after = keeper.ensure(wanted);
        assertEquals(PinholeKeeper.Action.RESTORED, after.action());
        assertEquals(first.pinhole().id(), after.pinhole().id(), "the same nonce, so later runs still own it");
        assertEquals(1, gw.tableCopy().size());
        assertEquals(PinholeKeeper.Action.UNCHANGED, keeper.ensure(wanted).action(), "granted again now: held since");

        clock.advance(Duration.ofMinutes(10));
        gw.restart();
        assertEquals(Pinholes.Presence.REOPENED, keeper.check(after.pinhole()), "list and doctor see the restart too");
        assertEquals(Pinholes.Presence.HELD, keeper.check(after.pinhole()), "and the record's grant time moved on");
    }

    @Test
    void idsItDidNotIssueAreIgnoredWithoutAskingTheRouter() {
        Pinhole upnp = Pinhole.wanted(PI6, 888, Protocol.TCP, 7200).withId("upnp:7");

        assertFalse(pinholes.issued(upnp));
        assertFalse(pinholes.renew(upnp));
        assertEquals(Pinholes.Closed.ABSENT, pinholes.close(upnp));
        assertFalse(pinholes.exists(upnp));

        assertTrue(gw.receivedCopy().isEmpty());
    }

    @Test
    void aSilentRouterIsARefusalWithItsReasonNotAClaimedPinhole() {
        gw.silent = true;

        PinholeResult r = pinholes.open(Pinhole.wanted(PI6, 888, Protocol.TCP, 7200));

        PinholeResult.Refused refused = assertInstanceOf(PinholeResult.Refused.class, r);
        assertTrue(refused.reason().startsWith("PCP: the router (") && refused.reason().contains("did not answer"), refused.reason());
    }

    @Test
    void closingAnotherClientsMappingIsRefusedByTheRouterItStaysAndNothingElseIsLeftBehind() {
        gw.occupy("tcp", 888);
        Pinhole notOurs = Pinhole.wanted(PI6, 888, Protocol.TCP, 7200).withId("pcp:0102030405060708090a0b0c");

        HomeportException e = assertThrows(HomeportException.class, () -> pinholes.close(notOurs));

        assertEquals(HomeportException.Kind.NOT_OWNED, e.kind());
        assertEquals("IPv6 [" + PI6 + "]:888/tcp: the router holds this pinhole for another PCP client (its nonce is not"
                + " pcp:0102030405060708090a0b0c): left alone", e.getMessage());
        assertEquals(Map.of("tcp888", new FakeGateway.Entry("tcp", 1, 888, "other", 3600)), gw.tableCopy(),
                "the other client's mapping untouched; the one the shortening MAP got elsewhere was taken back");
    }

    /** A UPnP firewall as miniupnpd is: refuses every port below 1024 with 606, issues {@code upnp:} ids. */
    private static final Pinholes LOW_PORT_REFUSING_UPNP = new Pinholes() {
        @Override
        public String describe() {
            return "UPnP";
        }

        @Override
        public boolean issued(Pinhole p) {
            return p.id().startsWith("upnp:");
        }

        @Override
        public PinholeResult open(Pinhole wanted) {
            return new PinholeResult.Refused("below 1024 over UPnP (UPnP error 606)", "turn PCP on", 606);
        }

        @Override
        public boolean renew(Pinhole p) {
            return false;
        }

        @Override
        public Closed close(Pinhole p) {
            return Closed.ABSENT;
        }

        @Override
        public boolean exists(Pinhole p) {
            return false;
        }
    };

    @Test
    void whatUpnpRefusesPcpOpensAndThePinholeIsDescribedAsPcpsThenClosedThroughIt() {
        Pinholes both = LOW_PORT_REFUSING_UPNP.orElse(pinholes);

        PinholeResult r = both.open(Pinhole.wanted(PI6, 888, Protocol.TCP, 7200));

        Pinhole p = assertInstanceOf(PinholeResult.Opened.class, r).pinhole();
        assertTrue(p.id().startsWith("pcp:"), p.id());
        assertEquals("PCP MAP over IPv6 on 2001:db8:1::1", both.describe(p));
        assertEquals(Pinholes.Closed.CLOSED, both.close(p));
        assertTrue(gw.tableCopy().isEmpty());
    }

    @Test
    void whenPcpRefusesTooTheRefusalIsUpnpsWithPcpsReasonAdded() {
        gw.silent = true;

        PinholeResult r = LOW_PORT_REFUSING_UPNP.orElse(pinholes).open(Pinhole.wanted(PI6, 888, Protocol.TCP, 7200));

        PinholeResult.Refused refused = assertInstanceOf(PinholeResult.Refused.class, r);
        assertTrue(refused.reason().startsWith("below 1024 over UPnP (UPnP error 606); PCP: the router ("), refused.reason());
        assertEquals("turn PCP on", refused.hint());
        assertEquals(606, refused.code());
    }
}
