package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 behind carrier-grade NAT ({@code scripts/lab up cgnat}): doctor names the router's non-public WAN address as
 * the cause, with the options, and the missing mapping (miniupnpd refuses to map behind CGNAT) is not blamed.
 */
class DoctorCgnatIT {
    private static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.up("cgnat");
        lab.serveHttp("lan", "192.0.2.10", 888, "blog\n");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void namesCarrierGradeNatFirstWithTheOptionsAndNoMappingNoise() {
        // IPv4 only: this test is about the IPv4 verdict (the router's PCP would open an IPv6 pinhole for 888, and then the
        // site is reachable over IPv6: Ipv6CgnatIT covers that).
        lab.homeport("lan", "forward", "--port", "888", "--ip-version", "4");

        Lab.Result r = Cli.expectExit(DoctorIT.UNREACHABLE, lab.homeport("lan", "doctor", "--port", "888"));

        List<String> problems = r.stdout().lines().filter(l -> l.startsWith("problem")).toList();
        assertEquals(1, problems.size(), () -> "one problem, the real one: " + r);
        String first = problems.get(0);
        // miniupnpd hides a reserved WAN address (GetExternalIPAddress answers ''), so doctor cannot show 100.64.0.2 itself
        assertTrue(first.matches("problem\\s+wan address\\s+the router is connected but does not tell its WAN address.*"), first);
        assertTrue(first.contains("carrier-grade NAT (100.64.0.0/10)"), first);
        assertTrue(first.contains("no port forwarding on this router can make this host reachable"), first);
        assertTrue(first.contains("ask the ISP for a public IPv4 address") && first.contains("IPv6") && first.contains("tunnel"),
                first);
        String mapping = r.stdout().lines().filter(l -> l.matches("\\S+\\s+mapping\\b.*")).findFirst().orElseThrow();
        assertTrue(mapping.startsWith("info") || mapping.startsWith("ok"), () -> "mapping line demoted: " + mapping);
        assertTrue(r.stdout().lines().anyMatch(l -> l.matches("skipped\\s+hairpin.*")), r::toString);
    }
}
