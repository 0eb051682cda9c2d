package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.upnp.FakeIgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForwardCommandTest {
    @TempDir
    Path tmp;

    private final FakeIgd igd = new FakeIgd();
    private MockWebServer server;
    private TestServices t;
    private String url;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(igd);
        server.start();
        url = server.url("/rootDesc.xml").toString();
        t = new TestServices(tmp);
    }

    @AfterEach
    void stop() {
        t.services.close();
        server.close();
    }

    private String me() {
        return t.services.network().sourceAddressFor(server.url("/").host());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "abc", "-1"})
    void refusesABadPortWithExitCode2AndOneLine(String port) {
        int code = t.run("forward", "--port", port, "--router", url);

        assertEquals(2, code);
        assertTrue(t.err().startsWith("error: "), t.err());
        assertTrue(t.err().contains(port), t.err());
        assertFalse(t.err().contains("\tat "), "no stack trace");
        assertEquals(0, server.getRequestCount(), "nothing sent to the router");
    }

    @Test
    void refusesAnUnknownProtocolAndABadExternalPort() {
        assertEquals(2, t.run("forward", "--port", "888", "--protocol", "sctp", "--router", url));
        assertTrue(t.err().contains("--protocol 'sctp' must be tcp, udp or both"), t.err());
        assertEquals(2, t.run("forward", "--port", "888", "--external-port", "70000", "--router", url));
        assertEquals(2, t.run("unforward", "--port", "0", "--router", url));
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void withoutADefaultRouteForwardSaysNoNetworkAtOnceInsteadOfDiscovering() {
        // TestServices' routing table has no default route.
        long start = System.nanoTime();
        int code = t.run("forward", "--port", "888");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(4, code, t.err());
        assertTrue(t.err().startsWith("error: no network: this host has no "), t.err());
        assertTrue(t.err().endsWith("hint: connect it to the LAN (cable or Wi-Fi) and check 'ip route' shows a default route\n"),
                t.err());
        assertEquals("", t.out());
        assertTrue(millis < 2_000, "no 3 s SSDP wait: took " + millis + " ms");
        assertEquals(0, server.getRequestCount(), "no router was asked");
    }

    @Test
    void anUnreachableRouterIsExitCode4WithOneLine() throws IOException {
        MockWebServer gone = new MockWebServer();
        gone.start();
        String dead = gone.url("/rootDesc.xml").toString();
        gone.close();

        int code = t.run("forward", "--port", "888", "--router", dead);

        assertEquals(4, code);
        assertTrue(t.err().startsWith("error: cannot reach the router at " + dead), t.err());
        assertEquals(2, t.err().lines().count(), "error and hint: " + t.err());
    }

    @Test
    void forwardPrintsWhatIsNowTrueThenAlreadyInPlace() {
        assertEquals(0, t.run("forward", "--port", "888", "--router", url));
        assertEquals("11.7.0.2:888/tcp -> " + me() + ":888 (lease 7d, via UPnP IGD:2 on Lab Router)\n", t.out());
        assertTrue(igd.table.get("888/TCP").description().startsWith("homeport "));
        t.reset();

        assertEquals(0, t.run("forward", "--port", "888", "--router", url));
        assertEquals("11.7.0.2:888/tcp -> " + me() + ":888 already in place (lease 7d, via UPnP IGD:2 on Lab Router)\n", t.out());
    }

    @Test
    void aColdForwardAsksTheWanAddressOnceTheDoubleNatCheckReusesIt() {
        assertEquals(0, t.run("forward", "--port", "888", "--router", url));
        assertEquals(List.of("GetSpecificPortMappingEntry", "AddPortMapping", "GetSpecificPortMappingEntry", "GetExternalIPAddress"),
                igd.actions());
    }

    @Test
    void unforwardOfTheWrongExternalPortNamesTheMappingThatHoldsTheInternalPortAndHowToRemoveIt() {
        assertEquals(0, t.run("forward", "--port", "888", "--external-port", "8888", "--router", url));
        t.reset();

        assertEquals(0, t.run("unforward", "--port", "888", "--router", url));

        assertEquals("888/tcp was not forwarded: nothing to remove\n", t.out());
        assertTrue(t.err().contains("8888/tcp -> " + me() + ":888 forwards this internal port"), t.err());
        assertTrue(t.err().contains("'homeport unforward --port 888 --external-port 8888'"), t.err());
        assertTrue(igd.table.containsKey("8888/TCP"), "nothing removed");
    }

    @Test
    void unforwardToRemovesTheMappingForwardToMadeForAnotherHost() {
        assertEquals(0, t.run("forward", "--port", "80", "--to", "192.168.1.20", "--router", url), t.err());
        assertEquals("192.168.1.20", igd.table.get("80/TCP").client());
        t.reset();

        assertEquals(0, t.run("unforward", "--port", "80", "--to", "192.168.1.20", "--router", url), t.err());

        assertTrue(t.out().startsWith("removed 80/tcp -> 192.168.1.20:80"), t.out());
        assertFalse(igd.table.containsKey("80/TCP"));
        assertEquals(2, t.run("unforward", "--port", "80", "--to", "192.168.1.300", "--router", url));
        assertTrue(t.err().contains("--to '192.168.1.300' must be an IPv4 address"), t.err());
    }

    @Test
    void aHostWithoutIpv6GetsItsIpv4LineOnlyAndAnExplicitIpVersion6IsRefusedWithTheReason() {
        assertEquals(0, t.run("forward", "--port", "8888", "--router", url));
        assertEquals(1, t.out().lines().count(), "no IPv6 line on a host without IPv6: " + t.out());
        t.reset();

        assertEquals(5, t.run("forward", "--port", "8888", "--ip-version", "6", "--router", url));
        assertTrue(t.err().startsWith("error: IPv6: no pinhole for port 8888: this host has no stable global IPv6 address"),
                t.err());
        assertEquals("", t.out());
    }

    @Test
    void refusesAnUnknownIpVersionAndAnIpv6ForwardToAnotherHost() {
        assertEquals(2, t.run("forward", "--port", "8888", "--ip-version", "5", "--router", url));
        assertTrue(t.err().startsWith("error: --ip-version '5' must be 4, 6 or both"), t.err());
        t.reset();
        assertEquals(2, t.run("forward", "--port", "8888", "--ip-version", "6", "--to", "192.0.2.20", "--router", url));
        assertTrue(t.err().contains("--to forwards over IPv4 only"), t.err());
        assertEquals(0, server.getRequestCount(), "nothing sent to the router");
    }

    @Test
    void bothProtocolsGetOneLineEach() {
        assertEquals(0, t.run("forward", "--port", "888", "--external-port", "8888", "--protocol", "both", "--router", url));

        assertEquals(2, t.out().lines().count(), t.out());
        assertTrue(t.out().contains("11.7.0.2:8888/udp -> " + me() + ":888"), t.out());
        assertEquals(Set.of("8888/TCP", "8888/UDP"), igd.table.keySet());
    }

    @Test
    void quietPrintsNothingOnSuccess() {
        assertEquals(0, t.run("forward", "--port", "888", "-q", "--router", url));

        assertEquals("", t.out());
        assertEquals("", t.err());
    }

    @Test
    void conflictIsOneLineWithTheOwnerAndExitCode6() {
        igd.put(888, "TCP", "192.0.2.11", 888, "their name");

        int code = t.run("forward", "--port", "888", "--router", url);

        assertEquals(6, code);
        assertTrue(t.err().startsWith("error: port 888/tcp is already forwarded to 192.0.2.11:888 (owned by 'their name')"), t.err());
        assertEquals("192.0.2.11", igd.table.get("888/TCP").client());
    }

    @Test
    void policyRefusalIsExitCode5WithTheExternalPortHint() {
        igd.deniedPorts = Set.of(888);

        int code = t.run("forward", "--port", "888", "--router", url);

        assertEquals(5, code);
        assertTrue(t.err().contains("the router's policy refused 888/tcp"), t.err());
        assertTrue(t.err().contains("hint: try --external-port 8888"), t.err());
    }

    @Test
    void jsonReportsEachMapping() {
        assertEquals(0, t.run("forward", "--port", "888", "--json", "--router", url));

        String json = t.out().strip();
        assertTrue(json.startsWith("{\"router\":\"UPnP IGD:2 on Lab Router\",\"externalAddress\":\"11.7.0.2\""), json);
        assertTrue(json.contains("\"result\":\"added\""), json);
        assertEquals(1, t.out().lines().count());
    }

    @Test
    void aMappingTheRouterWillNotReadBackIsSaidToBeUnverifiedInTextAndJson() {
        igd.failReadBackWith = 602;

        assertEquals(0, t.run("forward", "--port", "888", "--router", url));

        assertEquals("11.7.0.2:888/tcp -> " + me() + ":888 unverified: accepted but not read back (lease 7d, via UPnP IGD:2 on"
                + " Lab Router)\n", t.out());
        assertTrue(t.err().startsWith("warning: the router accepted it but refused to read it back (UPnP 602); check it with"
                + " 'homeport list'"), t.err());
        t.reset();

        assertEquals(0, t.run("forward", "--port", "889", "--json", "--router", url));
        String json = t.out().strip();
        assertTrue(json.contains("\"result\":\"unverified\""), json);
        assertTrue(json.contains("\"verified\":false"), json);
        assertFalse(json.contains("\"result\":\"added\""), json);
    }

    @Test
    void aReadBackMappingIsVerifiedInJson() {
        assertEquals(0, t.run("forward", "--port", "888", "--json", "--router", url));

        assertTrue(t.out().contains("\"verified\":true"), t.out());
    }

    @Test
    void unforwardRemovesOursAndLeavesOthersAlone() {
        t.run("forward", "--port", "888", "--router", url);
        igd.put(889, "TCP", "192.0.2.11", 889, "homeport other 889");
        t.reset();

        assertEquals(0, t.run("unforward", "--port", "888", "--router", url));
        assertTrue(t.out().startsWith("removed 888/tcp -> " + me() + ":888"), t.out());
        assertEquals(7, t.run("unforward", "--port", "889", "--router", url));
        assertTrue(t.err().startsWith("error: 889/tcp -> 192.0.2.11:889 ('homeport other 889') is homeport's mapping for 192.0.2.11,"
                + " not for this host"), t.err());
        assertEquals(Set.of("889/TCP"), igd.table.keySet());
        t.reset();

        assertEquals(0, t.run("unforward", "--port", "888", "--router", url));
        assertEquals("888/tcp was not forwarded: nothing to remove\n", t.out());
    }

    @Test
    void listMarksHomeportsMappingsAndThisHost() {
        t.run("forward", "--port", "888", "--router", url);
        igd.put(53, "UDP", "192.0.2.11", 53, "dns");
        t.reset();

        assertEquals(0, t.run("list", "--router", url));

        String[] lines = t.out().split("\n");
        assertTrue(lines[0].startsWith("EXTERNAL"), t.out());
        assertTrue(lines[1].startsWith("888/tcp") && lines[1].endsWith("[homeport, this host]"), lines[1]);
        assertTrue(lines[2].startsWith("53/udp") && lines[2].endsWith("'dns'"), lines[2]);
    }

    @Test
    void configRouterUrlAndLeaseAreUsedWhenNoOptionGivesThem() throws IOException {
        Path config = Files.writeString(tmp.resolve("homeport.yaml"),
                "router:\n  url: " + url + "\n  lease: 2h\nforwards:\n  - name: blog\n    port: 888\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));

        assertEquals(0, t.run("forward", "--port", "888", "--config", config.toString()), t.err());

        assertTrue(t.out().contains("(lease 2h, via UPnP IGD:2 on Lab Router)"), t.out());
        assertEquals(7200, igd.table.get("888/TCP").lease());
    }

    @Test
    void externalIpPrintsThePublicAddressWithoutWarning() {
        assertEquals(0, t.run("external-ip", "--router", url));

        assertEquals("11.7.0.2\n", t.out());
        assertEquals("", t.err());
    }

    @Test
    void externalIpWarnsOnStderrWhenItIsCgnat() {
        igd.externalIp = "100.64.0.2";

        assertEquals(0, t.run("external-ip", "--router", url));

        assertEquals("100.64.0.2\n", t.out());
        assertTrue(t.err().startsWith("warning: 100.64.0.2 is carrier-grade NAT"), t.err());
    }
}
