package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 end to end in {@code scripts/lab up double-nat}: the Pi behind the inner router, which sits on the LAN of
 * an ISP box (the outer router, its own miniupnpd). The inner reports the outer's public address (ext_ip), so only
 * the TTL probe reveals the double NAT; the hop-2 probe is aimed at the lab's internet host. The forwards are IPv4
 * only ({@code --ip-version 4}): the two-router lab routes no IPv6 through the ISP box.
 */
class DoubleNatIT {
    private static final String PAGE = "Savvy Pete's blog behind two routers\n";
    private static final String OUTER_URL = "http://192.168.100.1:5001/rootDesc.xml";
    private static final Map<String, String> ENV = Map.of("HOMEPORT_PROBE_TARGET", "11.7.0.1");
    private static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.up("double-nat");
        lab.serveHttp("lan", "192.0.2.10", 888, PAGE);
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    @BeforeEach
    void freshRoutersAndState() {
        lab.outerUpnp(true);
        lab.rebootOuter();
        lab.rebootRouter();
        Cli.clear(lab.stateDir("lan"));
    }

    private static List<String> outerMappings() {
        String out = lab.exec("lan", "upnpc", "-u", OUTER_URL, "-l").stdout();
        return out.lines().filter(l -> l.matches("^\\s*\\d+\\s+(TCP|UDP)\\s+\\d+->.*")).map(String::strip).toList();
    }

    @Test
    void forwardOpensBothRoutersSoTheInternetReachesThePiThroughTheOutersPublicAddress() {
        assertEquals(Optional.empty(), lab.fetchFromWan(888), "not reachable before forward");

        // IPv4 only: the two lines counted are the two routers' (the inner router's PCP would add an IPv6 pinhole line).
        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeportWithEnv("lan", ENV, "forward", "--port", "888", "--ip-version", "4"));

        assertTrue(r.stdout().contains("888/tcp -> 192.0.2.10:888") && r.stdout().contains("on Lab Router"), r::toString);
        assertTrue(r.stdout().contains("888/tcp -> 192.168.100.2:888") && r.stdout().contains("on Lab ISP Box"), r::toString);
        assertEquals(2, r.stdout().lines().count(), r::toString);
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888), "the page through the outer router's public address");
        List<String> outer = outerMappings();
        assertEquals(1, outer.size(), outer::toString);
        assertTrue(outer.get(0).matches("\\d+\\s+TCP\\s+888->192\\.168\\.100\\.2:888\\s+'homeport .*"), outer::toString);
    }

    @Test
    void jsonGivesBothRoutersAndTheEvidence() {
        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeportWithEnv("lan", ENV, "forward", "--port", "888", "--ip-version", "4", "--json"));
        assertTrue(r.stdout().contains("\"outer\":{\"detection\":\"double-nat\""), r::toString);
        assertTrue(r.stdout().contains("expired at 192.0.2.1"), r::toString);
        assertTrue(r.stdout().contains("\"innerWanAddress\":\"192.168.100.2\""), r::toString);
    }

    @Test
    void unforwardClosesItOnBothRouters() {
        Cli.expectExit(Cli.OK, lab.homeportWithEnv("lan", ENV, "forward", "--port", "888", "--ip-version", "4"));
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeportWithEnv("lan", ENV, "unforward", "--port", "888"));

        assertTrue(r.stdout().contains("removed 888/tcp -> 192.168.100.2:888"), r::toString);
        assertEquals(Optional.empty(), lab.fetchFromWan(888));
        assertEquals(List.of(), outerMappings());
        assertTrue(lab.routerMappings().stream().noneMatch(m -> m.contains("888->")), () -> lab.routerMappings().toString());
    }

    @Test
    void doctorNamesTheDoubleNatAndTheMissingOuterMappingThenPassesOnceForwarded() {
        Lab.Result before = lab.homeportWithEnv("lan", ENV, "doctor", "--port", "888");
        assertEquals(12, before.exitCode(), before::toString);
        String all = before.stdout() + before.stderr();
        assertTrue(all.contains("double NAT") && all.contains("Lab ISP Box"), all);

        Cli.expectExit(Cli.OK, lab.homeportWithEnv("lan", ENV, "forward", "--port", "888", "--ip-version", "4"));
        lab.rebootOuter();
        Lab.Result lost = lab.homeportWithEnv("lan", ENV, "doctor", "--port", "888");
        assertEquals(12, lost.exitCode(), lost::toString);
        assertTrue((lost.stdout() + lost.stderr()).contains("it does not forward 888/tcp"), lost::toString);

        Cli.expectExit(Cli.OK, lab.homeportWithEnv("lan", ENV, "forward", "--port", "888", "--ip-version", "4"));
        Lab.Result after = lab.homeportWithEnv("lan", ENV, "doctor", "--port", "888");
        assertTrue((after.stdout() + after.stderr()).contains("forwards 888/tcp to 192.168.100.2:888"), after::toString);
    }

    @Test
    void reassertRestoresTheOuterMappingAfterTheOuterRouterRestarted() throws IOException {
        Cli.expectExit(Cli.OK, lab.homeportWithEnv("lan", ENV, "forward", "--port", "888", "--ip-version", "4"));
        lab.rebootOuter();
        assertEquals(Optional.empty(), lab.fetchFromWan(888), "the outer lost its mapping");

        Path config = Files.createTempFile("homeport-dnat-", ".yaml",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(config, "router:\n  via: upnp\n");
        Lab.Result r;
        try {
            r = Cli.expectExit(Cli.OK, lab.homeportWithEnv("lan", ENV, "reassert", "--config", config.toString()));
        } finally {
            Files.delete(config);
        }

        assertTrue(r.stdout().contains("outer router: restored 888/tcp -> 192.168.100.2:888"), r::toString);
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));
    }

    @Test
    void noOuterLeavesTheOuterRouterAlone() {
        Cli.expectExit(Cli.OK, lab.homeportWithEnv("lan", ENV, "forward", "--port", "888", "--ip-version", "4", "--no-outer"));
        assertEquals(List.of(), outerMappings());
        assertEquals(Optional.empty(), lab.fetchFromWan(888));
    }

    @Test
    void withTheOutersUpnpOffTheInnerIsOpenedAndTheUserIsToldWhatToOpenByHand() {
        lab.outerUpnp(false);

        Lab.Result r = Cli.expectExit(14, lab.homeportWithEnv("lan", ENV, "forward", "--port", "888", "--ip-version", "4"));

        assertTrue(r.stdout().contains("888/tcp -> 192.0.2.10:888"), r::toString);
        String error = Cli.oneErrorLine(r);
        assertTrue(error.contains("192.168.100.1") && error.contains("does not answer UPnP"), error);
        assertTrue(r.stderr().contains("hint: open 888/tcp by hand"), r::toString);
        assertTrue(lab.routerMappings().stream().anyMatch(m -> m.contains("888->192.0.2.10:888")), lab.routerMappings()::toString);
    }
}
