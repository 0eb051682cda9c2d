package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 behind carrier-grade NAT: no IPv4 mapping can help (miniupnpd refuses every one), but the line's IPv6
 * works, so {@code forward} opens the pinhole, the internet fetches the page over IPv6, and doctor says plainly that
 * the site is reachable over IPv6 only.
 */
class Ipv6CgnatIT {
    private static Lab lab;

    @BeforeAll
    static void up() throws Exception {
        lab = Lab.up("cgnat");
        Ipv6IT.serveDualStack(lab, 8888);
        Ipv6IT.serveDualStack(lab, 888);
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    @Test
    void forwardOpensTheIpv6PinholeAndDoctorSaysTheSiteIsReachableOverIpv6Only() {
        assertEquals(Optional.empty(), Ipv6IT.fetch6(lab, 8888));

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "8888"));

        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("IPv4 8888: no mapping: "), r::toString);
        assertTrue(lines.get(1).startsWith("[" + Ipv6IT.PI6 + "]:8888/tcp open to the internet over IPv6"), r::toString);
        assertEquals(Optional.of(Ipv6IT.PAGE), Ipv6IT.fetch6(lab, 8888), "the IPv6 fetch works behind CGNAT");
        assertEquals(Optional.empty(), lab.fetchFromWan(8888), "IPv4 cannot reach it");

        Lab.Result d = Cli.expectExit(Cli.OK, lab.homeport("lan", "doctor", "--port", "8888"));

        assertEquals(0, d.stdout().lines().filter(l -> l.startsWith("problem")).count(), d::toString);
        assertTrue(d.stdout().lines().anyMatch(l -> l.matches("ok\\s+pinhole\\s+\\[2001:db8:1::10]:8888/tcp\\s+open.*")),
                d::toString);
        String only = d.stdout().lines().filter(l -> l.matches("warning\\s+reachability\\s+.*")).findFirst().orElseThrow();
        assertTrue(only.contains("the site is reachable over IPv6 only") && only.contains("visitors without IPv6"), only);
    }

    @Test
    void port888GetsNoIpv4ButItsIpv6PinholeThroughPcpSoTheSiteIsReachableOverIpv6() {
        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));

        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("IPv4 888: no mapping: "), r::toString);
        assertTrue(lines.get(1).startsWith("[" + Ipv6IT.PI6 + "]:888/tcp open to the internet over IPv6 (pinhole pcp:"), r::toString);
        assertTrue(lines.get(1).endsWith("via PCP MAP over IPv6 on 2001:db8:1::1)"), r::toString);
        assertEquals(Optional.of(Ipv6IT.PAGE), Ipv6IT.fetch6(lab, 888));
    }
}
