package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Issue 2 end to end: homeport on the Pi opens port 888 on the lab's real miniupnpd and the internet gets in. */
class UpnpForwardIT {
    private static final String PAGE = "Savvy Pete's blog\n";
    private static Lab lab;

    @BeforeAll
    static void up(TestInfo info) {
        lab = Lab.upFor(info);
        lab.serveHttp("lan", "192.0.2.10", 888, PAGE);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void freshRouterAndState() {
        lab.rebootRouter();
        Cli.clear(lab.stateDir("lan"));
        Cli.clear(lab.stateDir("lan2"));
    }

    private static List<String> mappingsOn(int port) {
        return lab.routerMappings().stream().filter(m -> m.matches("TCP\\s+" + port + "->.*")).toList();
    }

    @Test
    void forwardMakesTheServerReachableFromTheInternetAndSaysWhatIsNowTrue() {
        assertEquals(Optional.empty(), lab.fetchFromWan(888), "not reachable before forward");

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));

        assertTrue(r.stdout().contains("11.7.0.2:888/tcp -> 192.0.2.10:888"), () -> "forward output: " + r);
        assertTrue(r.stdout().contains("via UPnP " + lab.igd() + " on Lab Router"), () -> "names the router it used: " + r);
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));
        List<String> table = mappingsOn(888);
        assertEquals(1, table.size(), table::toString);
        assertTrue(table.get(0).matches("TCP\\s+888->192\\.0\\.2\\.10:888\\s+'homeport .*"), table::toString);
    }

    @Test
    void listShowsTheMappingMarkedAsHomeports() {
        Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));
        lab.upnpcAdd("lan2", "game console", "192.0.2.11", 3074, "UDP");

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "list"));

        List<String> ours = r.stdout().lines().filter(l -> l.contains("888") && l.contains("192.0.2.10")).toList();
        assertEquals(1, ours.size(), () -> "one line for 888 in: " + r);
        assertTrue(ours.get(0).contains("homeport"), () -> "marked as homeport's: " + ours);
        List<String> theirs = r.stdout().lines().filter(l -> l.contains("3074") && l.contains("192.0.2.11")).toList();
        assertEquals(1, theirs.size(), () -> "the other host's mapping is listed too: " + r);
        assertTrue(theirs.get(0).contains("game console"), () -> "with its description: " + theirs);
    }

    @Test
    void listJsonIsOneDocumentNamingTheMapping() {
        Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "list", "--json"));

        String json = r.stdout().strip();
        assertTrue(json.startsWith("{") || json.startsWith("["), () -> "JSON: " + r);
        assertTrue(json.contains("192.0.2.10") && json.contains("888"), () -> "JSON names the mapping: " + r);
    }

    @Test
    void aSecondForwardIsANoOp() {
        Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));
        List<String> before = mappingsOn(888);

        Lab.Result again = Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));

        assertTrue((again.stdout() + again.stderr()).toLowerCase().contains("already"), () -> "says so: " + again);
        assertEquals(1, mappingsOn(888).size());
        assertEquals(before.get(0).replaceAll("\\d+$", ""), mappingsOn(888).get(0).replaceAll("\\d+$", ""),
                "same mapping, same description");
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));
    }

    @Test
    void unforwardRemovesTheMappingAndTheInternetNoLongerGetsIn() {
        Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));

        Cli.expectExit(Cli.OK, lab.homeport("lan", "unforward", "--port", "888"));

        assertEquals(List.of(), mappingsOn(888));
        assertEquals(Optional.empty(), lab.fetchFromWan(888));
    }

    @Test
    void theSecondLanHostGetsTheConflictAndTheFirstHostsMappingIsUntouched() {
        Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));
        List<String> before = mappingsOn(888);
        String owner = before.get(0).replaceAll(".*?'([^']*)'.*", "$1");

        Lab.Result r = Cli.expectExit(Cli.CONFLICT, lab.homeport("lan2", "forward", "--port", "888"));

        String error = Cli.oneErrorLine(r);
        assertTrue(error.contains("192.0.2.10"), () -> "names the host holding the port: " + error);
        assertTrue(error.contains(owner), () -> "names the owner '" + owner + "': " + error);
        assertEquals(before.get(0).replaceAll("\\d+$", ""), mappingsOn(888).get(0).replaceAll("\\d+$", ""));
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888), "still reachable");
    }

    @Test
    void unforwardFromTheOtherHostLeavesTheMappingAlone() {
        Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));

        Lab.Result r = lab.homeport("lan2", "unforward", "--port", "888");

        assertTrue(r.exitCode() != Cli.OK, () -> "refused: " + r);
        Cli.oneErrorLine(r);
        assertEquals(1, mappingsOn(888).size());
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));
    }

    @Test
    void routerUrlSkipsDiscoveryAndWorks() {
        Lab.Result r = Cli.expectExit(Cli.OK,
                lab.homeport("lan", "forward", "--port", "888", "--router", "http://192.0.2.1:5000/rootDesc.xml"));

        assertTrue(r.stdout().contains("11.7.0.2:888/tcp -> 192.0.2.10:888"), () -> "forward output: " + r);
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));
    }

    @Test
    void externalIpIsTheRoutersWanAddress() {
        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "external-ip"));

        assertEquals("11.7.0.2", r.stdout().strip());
    }
}
