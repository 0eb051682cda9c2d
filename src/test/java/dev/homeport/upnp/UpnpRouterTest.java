package dev.homeport.upnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.net.HttpClients;
import dev.homeport.net.LocalNetwork;
import dev.homeport.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpnpRouterTest {
    private static final String ME = "192.0.2.10";
    private final OkHttpClient http = HttpClients.create("test");
    private final FakeIgd igd = new FakeIgd();
    private MockWebServer server;
    private UpnpRouter router;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(igd);
        server.start();
        router = new UpnpRouter(http, gateway(server), Optional.empty());
    }

    @AfterEach
    void stop() {
        server.close();
        assertEquals(List.of(), igd.violations, "every request homeport sent is one a strict router accepts");
    }

    static Gateway gateway(MockWebServer server) {
        return new Gateway(server.url("/rootDesc.xml").toString(), server.url(FakeIgd.CONTROL_PATH).toString(),
                "urn:schemas-upnp-org:service:WANIPConnection:2", 2, "Lab Router", "Debian", "Lab Router", "uuid:x", ME, "");
    }

    private static PortMapping wanted(int port, long lease) {
        return PortMapping.of(port, Protocol.TCP, ME, port, "homeport pi " + port, lease);
    }

    @Test
    void addsMappingAndReportsTheLeaseTheRouterGranted() {
        AddResult r = router.add(wanted(888, 604_800));

        AddResult.Added added = assertInstanceOf(AddResult.Added.class, r);
        assertEquals(604_800, added.mapping().leaseSeconds());
        assertEquals(ME, igd.table.get("888/TCP").client());
        assertEquals("homeport pi 888", igd.table.get("888/TCP").description());
        assertTrue(igd.actions.lastIndexOf("GetSpecificPortMappingEntry") > igd.actions.indexOf("AddPortMapping"), "verified by read-back");
    }

    @Test
    void secondForwardOfTheSameMappingIsAlreadyPresent() {
        router.add(wanted(888, 604_800));

        AddResult r = router.add(wanted(888, 604_800));

        assertInstanceOf(AddResult.AlreadyPresent.class, r);
        assertEquals(1, igd.table.size());
    }

    @Test
    void anotherHostsMappingIsAConflictAndStaysUntouched() {
        igd.put(888, "TCP", "192.0.2.11", 888, "homeport other 888");

        AddResult r = router.add(wanted(888, 604_800));

        AddResult.Conflict c = assertInstanceOf(AddResult.Conflict.class, r);
        assertEquals("192.0.2.11", c.mapping().internalClient());
        assertEquals("homeport other 888", c.mapping().description());
        assertEquals("192.0.2.11", igd.table.get("888/TCP").client());
        assertFalse(igd.actions.contains("AddPortMapping"));
    }

    @Test
    void aMappingToThisHostNotMadeByHomeportIsAConflict() {
        igd.put(888, "TCP", ME, 888, "libminiupnpc");

        AddResult r = router.add(wanted(888, 604_800));

        assertInstanceOf(AddResult.Conflict.class, r);
        assertEquals("libminiupnpc", igd.table.get("888/TCP").description());
        assertFalse(igd.actions.contains("AddPortMapping"));
    }

    @Test
    void error718WithNoEntryIsExplainedAsTheRoutersPolicyWithAPortSuggestion() {
        igd.denialCode = 718;
        igd.deniedPorts = Set.of(888);

        UpnpException e = assertThrows(UpnpException.class, () -> router.add(wanted(888, 604_800)));

        assertEquals(HomeportException.Kind.ROUTER_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("the router's policy refused 888/tcp -> 192.0.2.10:888"), e.getMessage());
        assertTrue(e.getMessage().contains("718"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("--external-port 8888"), e.hint().orElseThrow());
    }

    @Test
    void secureModeRefusalForAnotherHostSaysHostsMayOnlyOpenPortsForThemselves() {
        igd.onlyClient = ME;
        igd.denialCode = 718;
        PortMapping forOther = PortMapping.of(8080, Protocol.TCP, "192.0.2.11", 888, "homeport pi 888", 604_800);

        UpnpException e = assertThrows(UpnpException.class, () -> router.add(forOther));

        assertEquals(HomeportException.Kind.ROUTER_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("secure mode"), e.getMessage());
        assertTrue(e.getMessage().contains("this host is 192.0.2.10"), e.getMessage());
        assertTrue(igd.table.isEmpty());
    }

    @Test
    void error606IsNotAuthorisedWithTheRouterSettingHint() {
        igd.deniedPorts = Set.of(23);

        UpnpException e = assertThrows(UpnpException.class, () -> router.add(wanted(23, 604_800)));

        assertTrue(e.getMessage().startsWith("not authorised:"), e.getMessage());
        assertTrue(e.hint().orElseThrow().contains("enable UPnP port forwarding for this device"), e.hint().orElseThrow());
        assertTrue(e.hint().orElseThrow().contains("--external-port 8023"), e.hint().orElseThrow());
        assertEquals(606, e.code().orElseThrow());
    }

    @Test
    void error725RetriesWithAPermanentLease() {
        igd.permanentOnly = true;

        AddResult r = router.add(wanted(888, 604_800));

        assertEquals(0, assertInstanceOf(AddResult.Added.class, r).mapping().leaseSeconds());
        assertEquals(0, igd.table.get("888/TCP").lease());
    }

    @Test
    void error402ForAPermanentLeaseRetriesWithAFiniteOne() {
        igd.finiteOnly = true;

        AddResult r = router.add(wanted(888, 0));

        assertEquals(604_800, assertInstanceOf(AddResult.Added.class, r).mapping().leaseSeconds());
        assertEquals(604_800, igd.table.get("888/TCP").lease());
    }

    @Test
    void leaseZeroOnAnIgd2RouterReportsTheClampedGrant() {
        igd.clampZeroLease = true;

        AddResult r = router.add(wanted(888, 0));

        assertEquals(604_800, assertInstanceOf(AddResult.Added.class, r).mapping().leaseSeconds());
    }

    @Test
    void otherErrorsBecomeOneActionableLineWithCodeAndRouter() {
        igd.failAddWith = 728;

        UpnpException e = assertThrows(UpnpException.class, () -> router.add(wanted(888, 604_800)));

        assertTrue(e.getMessage().contains("table is full"), e.getMessage());
        assertTrue(e.getMessage().contains("UPnP 728 from " + server.getHostName()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals("AddPortMapping", e.action().orElseThrow());
    }

    @Test
    void error729IsAConflictWithAnotherRouterFeature() {
        igd.failAddWith = 729;

        UpnpException e = assertThrows(UpnpException.class, () -> router.add(wanted(888, 604_800)));

        assertEquals(HomeportException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("static port forward"), e.getMessage());
    }

    @Test
    void listReadsTheWholeTableAndStopsAt713() {
        igd.put(888, "TCP", ME, 888, "homeport pi 888");
        igd.put(53, "UDP", "192.0.2.11", 53, "dns");

        List<PortMapping> table = router.list();

        assertEquals(2, table.size());
        assertTrue(table.get(0).ownedByHomeport());
        assertEquals(Protocol.UDP, table.get(1).protocol());
    }

    @Test
    void listStopsAtABareHttp500WithoutBody() {
        igd.listEnd = FakeIgd.ListEnd.BARE_500;
        igd.put(888, "TCP", ME, 888, "homeport pi 888");

        assertEquals(1, router.list().size());
    }

    @Test
    void removeDeletesOnlyOurOwnMappingForThisHost() {
        router.add(wanted(888, 604_800));

        RemoveResult r = router.remove(888, Protocol.TCP, ME);

        assertInstanceOf(RemoveResult.Removed.class, r);
        assertTrue(igd.table.isEmpty());
    }

    @Test
    void removeOfAbsentMappingIsAbsent() {
        assertInstanceOf(RemoveResult.Absent.class, router.remove(888, Protocol.TCP, ME));
        assertFalse(igd.actions.contains("DeletePortMapping"));
    }

    @Test
    void removeLeavesAnotherHostsOrProgramsMappingAlone() {
        igd.put(888, "TCP", "192.0.2.11", 888, "homeport other 888");
        igd.put(889, "TCP", ME, 889, "Transmission");

        assertInstanceOf(RemoveResult.NotOwned.class, router.remove(888, Protocol.TCP, ME));
        assertInstanceOf(RemoveResult.NotOwned.class, router.remove(889, Protocol.TCP, ME));

        assertEquals(2, igd.table.size());
        assertFalse(igd.actions.contains("DeletePortMapping"));
    }

    @Test
    void externalAddressIsWhatTheRouterReports() {
        assertEquals("11.7.0.2", router.externalAddress());
    }

    @Test
    void emptyExternalAddressSaysTheRouterIsNotConnected() {
        igd.externalIp = "";

        UpnpException e = assertThrows(UpnpException.class, router::externalAddress);

        assertTrue(e.getMessage().contains("not connected"), e.getMessage());
    }

    @Test
    void statusReadsGetStatusInfo() {
        assertEquals(new UpnpRouter.Status("Connected", "ERROR_NONE", 42), router.status());
    }

    @Test
    void aStaleCachedGatewayIsRediscoveredOnceAndTheCallRetried() throws IOException {
        MockWebServer gone = new MockWebServer();
        gone.start();
        Gateway stale = gateway(gone);
        gone.close();
        AtomicInteger rediscoveries = new AtomicInteger();
        UpnpRouter cached = new UpnpRouter(http, stale, Optional.of(() -> {
            rediscoveries.incrementAndGet();
            return gateway(server);
        }));

        assertEquals("11.7.0.2", cached.externalAddress());

        assertEquals(1, rediscoveries.get());
        assertEquals(server.url(FakeIgd.CONTROL_PATH).toString(), cached.gateway().controlUrl());
    }

    @Test
    void aCachedGatewayIsUsedWithNoRequestUntilTheFirstAction(@TempDir Path dir) {
        GatewayCache cache = new GatewayCache(new StateStore(dir));
        cache.write(gateway(server));
        LocalNetwork network = new LocalNetwork(dir.resolve("no-route"));

        UpnpRouter cached = new Upnp(http, network).cachedRouter(cache, Upnp.DEFAULT_TIMEOUT);

        assertEquals(0, server.getRequestCount());
        assertEquals(network.sourceAddressFor(server.getHostName()), cached.gateway().localAddress(),
                "this host's address is taken from the routing table, not from an old cache");
        assertEquals("11.7.0.2", cached.externalAddress());
        assertEquals(List.of("GetExternalIPAddress"), igd.actions);
    }

    @Test
    void anUnreachableRouterIsNoRouterWithoutRediscovery() throws IOException {
        MockWebServer gone = new MockWebServer();
        gone.start();
        UpnpRouter r = new UpnpRouter(http, gateway(gone), Optional.empty());
        gone.close();

        UpnpException e = assertThrows(UpnpException.class, r::externalAddress);

        assertEquals(HomeportException.Kind.NO_ROUTER, e.kind());
        assertTrue(e.connectionFailed());
    }

    @Test
    void aMappingTheRouterAcceptsButDoesNotListIsASilentRefusalNotAnAdd() {
        igd.acceptWithoutStoring = true;

        UpnpException e = assertThrows(UpnpException.class, () -> router.add(wanted(888, 604_800)));

        assertEquals(HomeportException.Kind.ROUTER_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("accepted 888/tcp -> 192.0.2.10:888 but does not list it"), e.getMessage());
        assertTrue(igd.actions.lastIndexOf("GetSpecificPortMappingEntry") > igd.actions.indexOf("AddPortMapping"));
    }

    @Test
    void aReadBackRefusedWith401IsReportedUnverifiedNeverAsReadBack() {
        igd.failReadBackWith = 401;

        AddResult r = router.add(wanted(888, 604_800));

        AddResult.Unverified u = assertInstanceOf(AddResult.Unverified.class, r);
        assertEquals(wanted(888, 604_800), u.mapping(), "what was asked for, nothing invented");
        assertTrue(u.reason().contains("refused to read it back (UPnP 401)"), u.reason());
        assertEquals(ME, igd.table.get("888/TCP").client(), "the router did take it");
    }

    @Test
    void aReadBackRefusedWith602IsReportedUnverified() {
        igd.failReadBackWith = 602;

        AddResult.Unverified u = assertInstanceOf(AddResult.Unverified.class, router.add(wanted(888, 3_600)));

        assertTrue(u.reason().contains("UPnP 602"), u.reason());
        assertEquals(3_600, u.mapping().leaseSeconds());
    }

    @Test
    void aReadBackPointingAtAnotherHostIsAConflictNeverAnAdd() {
        igd.storeForClient = "192.0.2.11";

        AddResult r = router.add(wanted(888, 604_800));

        AddResult.Conflict c = assertInstanceOf(AddResult.Conflict.class, r);
        assertEquals("192.0.2.11", c.mapping().internalClient());
    }

    @Test
    void error606ForAPermanentLeaseRetriesWithAFiniteOne() {
        igd.finiteOnly = true;
        igd.finiteOnlyCode = 606;

        AddResult r = router.add(wanted(888, 0));

        assertEquals(604_800, assertInstanceOf(AddResult.Added.class, r).mapping().leaseSeconds());
        assertEquals(List.of(0L, 604_800L), leasesSent());
    }

    @Test
    void error402ForALeaseAboveAWeekRetriesWithAWeek() {
        igd.maxLease = 604_800;

        AddResult r = router.add(wanted(888, 2_000_000));

        assertEquals(604_800, assertInstanceOf(AddResult.Added.class, r).mapping().leaseSeconds());
        assertEquals(List.of(2_000_000L, 604_800L), leasesSent());
    }

    @Test
    void aPermanentLeaseRefusedWith402GetsAWeekThenAnHourWhenTheWeekIsRefusedToo() {
        igd.finiteOnly = true;
        igd.maxLease = 3_600;

        AddResult r = router.add(wanted(888, 0));

        assertEquals(3_600, assertInstanceOf(AddResult.Added.class, r).mapping().leaseSeconds());
        assertEquals(List.of(0L, 604_800L, 3_600L), leasesSent());
    }

    @Test
    void error725AndThenNoRetryLoopWhenEveryLeaseIsRefused() {
        igd.permanentOnly = true;
        igd.finiteOnly = true;

        UpnpException e = assertThrows(UpnpException.class, () -> router.add(wanted(888, 604_800)));

        assertEquals(HomeportException.Kind.ROUTER_REFUSED, e.kind());
        assertTrue(leasesSent().size() <= 4, leasesSent()::toString);
    }

    @Test
    void anIgd1RouterIsSpokenToInItsOwnNamespaceAndItsSecureModeSays718() {
        useService("urn:schemas-upnp-org:service:WANIPConnection:1", FakeIgd.CONTROL_PATH);
        igd.onlyClient = ME;
        igd.denialCode = 718;

        assertInstanceOf(AddResult.Added.class, router.add(wanted(888, 604_800)));
        PortMapping forOther = PortMapping.of(8080, Protocol.TCP, "192.0.2.11", 8080, "homeport pi 8080", 604_800);
        UpnpException e = assertThrows(UpnpException.class, () -> router.add(forOther));

        assertTrue(e.getMessage().contains("secure mode"), e.getMessage());
        assertEquals(1, router.list().size());
        assertInstanceOf(RemoveResult.Removed.class, router.remove(888, Protocol.TCP, ME));
    }

    @Test
    void aWanPppConnectionRouterForwardsListsAndRemoves() {
        useService("urn:schemas-upnp-org:service:WANPPPConnection:1", "/upnp/control/WANPPPConn1");

        assertInstanceOf(AddResult.Added.class, router.add(wanted(888, 604_800)));
        assertEquals(1, router.list().size());
        assertEquals("11.7.0.2", router.externalAddress());
        assertInstanceOf(RemoveResult.Removed.class, router.remove(888, Protocol.TCP, ME));
        assertTrue(igd.table.isEmpty());
    }

    @Test
    void aRequestInAnotherServicesNamespaceFailsAsOnAStrictRouter() {
        igd.serviceType = "urn:schemas-upnp-org:service:WANIPConnection:1";

        UpnpException e = assertThrows(UpnpException.class, router::externalAddress);

        assertEquals(401, e.code().orElseThrow());
        assertEquals(1, igd.violations.size(), igd.violations::toString);
        assertTrue(igd.violations.get(0).contains("WANIPConnection:2"), igd.violations::toString);
        igd.violations.clear();
    }

    private void useService(String serviceType, String controlPath) {
        igd.serviceType = serviceType;
        igd.controlPath = controlPath;
        int version = serviceType.endsWith(":2") ? 2 : 1;
        router = new UpnpRouter(http, new Gateway(server.url("/rootDesc.xml").toString(), server.url(controlPath).toString(),
                serviceType, version, "Lab Router", "Debian", "Lab Router", "uuid:x", ME, ""), Optional.empty());
    }

    private List<Long> leasesSent() {
        return igd.leases;
    }
}
