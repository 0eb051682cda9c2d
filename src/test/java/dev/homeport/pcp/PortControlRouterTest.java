package dev.homeport.pcp;

import dev.homeport.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.state.StateStore;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortControlRouterTest {
    private static final String ME = "127.0.0.1";
    @TempDir
    Path dir;
    private FakeGateway gw;
    private StateStore store;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        gw = new FakeGateway();
        store = new StateStore(dir);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private PortControlRouter pcp() {
        InetAddress me = InetAddress.getLoopbackAddress();
        PcpClient pcp = new PcpClient(new UdpTransport(gw.address(), Optional.empty()), me, PcpClientTest.FAST, clock);
        NatPmpClient natpmp = new NatPmpClient(new UdpTransport(gw.address(), Optional.empty()), PcpClientTest.FAST, clock);
        return new PortControlRouter(new PcpMapper(pcp, Optional.of(natpmp), new SecureRandom()), new HeldMappings(store), clock, ME);
    }

    private PortControlRouter natPmp() {
        NatPmpClient natpmp = new NatPmpClient(new UdpTransport(gw.address(), Optional.empty()), PcpClientTest.FAST, clock);
        return new PortControlRouter(new NatPmpMapper(natpmp, InetAddress.getLoopbackAddress()), new HeldMappings(store), clock, ME);
    }

    private static PortMapping blog(long lease) {
        return PortMapping.of(888, Protocol.TCP, ME, 888, "homeport blog", lease);
    }

    @Test
    void addRecordsWhatItMadeWithItsNonceAndListShowsOnlyThat() {
        AddResult r = pcp().add(blog(604_800));

        assertInstanceOf(AddResult.Added.class, r);
        assertEquals(86_400, r.mapping().leaseSeconds(), "the lifetime the router granted");
        String held = store.read(HeldMappings.STATE_NAME).orElseThrow().get("map.888/tcp");
        String nonce = gw.tableCopy().get("tcp888").nonceHex();
        assertTrue(held.startsWith("pcp " + ME + " " + nonce + " " + ME + " 888 86400 "), held);
        assertTrue(held.endsWith(" 1000 homeport blog"), held);

        clock.advance(Duration.ofHours(1));
        gw.epoch.addAndGet(3600);
        List<PortMapping> list = pcp().list();
        assertEquals(1, list.size());
        assertEquals("homeport blog", list.get(0).description());
        assertEquals(82_800, list.get(0).leaseSeconds(), "what is left of the lifetime");
    }

    @Test
    void renewingReusesTheNonceAndSaysAlreadyPresent() {
        pcp().add(blog(3600));
        String nonce = gw.tableCopy().get("tcp888").nonceHex();

        AddResult again = pcp().add(blog(3600));

        assertInstanceOf(AddResult.AlreadyPresent.class, again);
        assertEquals(nonce, gw.tableCopy().get("tcp888").nonceHex());
        assertEquals(1, gw.tableCopy().size());
    }

    @Test
    void removeDeletesWithTheRecordedNonceAndForgetsIt() {
        pcp().add(blog(3600));

        RemoveResult r = pcp().remove(888, Protocol.TCP, ME);

        assertInstanceOf(RemoveResult.Removed.class, r);
        assertTrue(gw.tableCopy().isEmpty(), "the router's mapping is gone");
        assertEquals(Optional.empty(), pcp().find(888, Protocol.TCP));
    }

    @Test
    void neverTouchesAMappingItDidNotRecord() {
        gw.occupy("tcp", 888);

        RemoveResult r = pcp().remove(888, Protocol.TCP, ME);

        assertInstanceOf(RemoveResult.Absent.class, r);
        assertEquals(1, gw.tableCopy().size());
        assertTrue(gw.receivedCopy().isEmpty(), "nothing sent");
    }

    @Test
    void aPortHeldByAnotherClientIsAConflictAndTheOfferedPortIsGivenBack() {
        gw.occupy("tcp", 888);

        AddResult r = pcp().add(blog(3600));

        assertInstanceOf(AddResult.Conflict.class, r);
        assertTrue(r.mapping().description().contains("offered port 889"), r.mapping().description());
        assertEquals(List.of("tcp888"), List.copyOf(gw.tableCopy().keySet()), "889 given back");
        assertEquals(Optional.empty(), pcp().find(888, Protocol.TCP));
    }

    @Test
    void refusesToMapToAnotherHost() {
        HomeportException e = assertThrows(HomeportException.class,
                () -> pcp().add(PortMapping.of(888, Protocol.TCP, "192.0.2.20", 888, "homeport x", 3600)));

        assertEquals(HomeportException.Kind.ROUTER_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("only to the host that asks"), e.getMessage());
    }

    @Test
    void afterARouterRestartAllHeldMappingsAreRecreatedAtOnce() {
        PortControlRouter first = pcp();
        first.add(blog(3600));
        first.add(PortMapping.of(53, Protocol.UDP, ME, 53, "homeport dns", 3600));
        clock.advance(Duration.ofMinutes(10));
        gw.restart();

        PortControlRouter later = pcp();
        List<PortMapping> list = later.list();

        PortControlRouter.Restart restart = later.restart().orElseThrow();
        assertEquals(1000, restart.before().serverSeconds());
        assertEquals(3, restart.now().serverSeconds());
        assertEquals(List.of("53/udp", "888/tcp"), restart.lost());
        assertEquals(2, gw.tableCopy().size(), "both re-created on the router");
        assertEquals(2, list.size());
        assertEquals("3", store.read(HeldMappings.STATE_NAME).orElseThrow().get("epoch.seconds"), "the new epoch is kept");
    }

    @Test
    void anEpochThatKeptPaceIsNoRestart() {
        pcp().add(blog(3600));
        clock.advance(Duration.ofMinutes(10));
        gw.epoch.addAndGet(600);

        PortControlRouter later = pcp();
        later.list();

        assertEquals(Optional.empty(), later.restart());
    }

    @Test
    void natPmpMapsAndDeletesByInternalPort() {
        PortControlRouter r = natPmp();
        AddResult a = r.add(blog(7200));
        assertInstanceOf(AddResult.Added.class, a);
        assertEquals("11.7.0.2", r.externalAddress());
        assertEquals(7200, gw.tableCopy().get("tcp888").lifetime());

        assertInstanceOf(RemoveResult.Removed.class, natPmp().remove(888, Protocol.TCP, ME));

        assertTrue(gw.tableCopy().isEmpty());
    }

    @Test
    void aPermanentLeaseIsAskedAsAWeekBecauseZeroWouldDelete() {
        pcp().add(blog(0));

        assertEquals(86_400, gw.tableCopy().get("tcp888").lifetime());
    }

    @Test
    void anUnreadableStateEntryIsIgnored() {
        store.write(HeldMappings.STATE_NAME, Map.of("map.888/tcp", "pcp garbage"));

        assertEquals(List.of(), pcp().list());
    }

    @Test
    void aDeleteTheRouterRefusesIsReportedAndTheRecordKept() {
        pcp().add(blog(3600));
        Map<String, String> st = new java.util.HashMap<>(store.read(HeldMappings.STATE_NAME).orElseThrow());
        st.put("map.888/tcp", st.get("map.888/tcp").replaceFirst("pcp 127.0.0.1 [0-9a-f]{24}", "pcp 127.0.0.1 000000000000000000000001"));
        store.write(HeldMappings.STATE_NAME, st);

        PortControlException e = assertThrows(PortControlException.class, () -> pcp().remove(888, Protocol.TCP, ME));

        assertEquals(Optional.of(2), e.resultCode());
        assertEquals(1, gw.tableCopy().size(), "still open");
        assertTrue(pcp().find(888, Protocol.TCP).isPresent(), "still claimed");
    }
}
