package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Issue 6 end to end: {@code homeport doctor} on the Pi against the lab's real router and DNS. In every broken
 * scenario the first problem line names the real cause and the fix, and the exit code is 12. Each scenario uses its
 * own port, so servers and mappings of one do not leak into another.
 */
class DoctorIT {
    static final int UNREACHABLE = 12;
    private static final String PAGE = "Savvy Pete's blog\n";
    private static Lab lab;

    @BeforeAll
    static void up(TestInfo info) {
        lab = Lab.upFor(info);
        lab.serveHttp("lan", "192.0.2.10", 888, PAGE);
        lab.dns("pi.lab.test", lab.wanAddress());
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    private static Lab.Result doctor(String... args) {
        List<String> all = new ArrayList<>(List.of("doctor"));
        all.addAll(List.of(args));
        Lab.Result r = lab.homeport("lan", all.toArray(String[]::new));
        assertFalse(r.stderr().contains("Exception") || r.stdout().contains("\tat "), () -> "no stack trace: " + r);
        assertFalse(r.stdout().contains("\u001b["), () -> "no colour when piped: " + r);
        return r;
    }

    private static void forward(String host, int port) {
        Cli.expectExit(Cli.OK, lab.homeport(host, "forward", "--port", Integer.toString(port)));
    }

    /** The first line that starts with "problem", asserting the exit code says unreachable. */
    private static String firstProblem(Lab.Result r) {
        Cli.expectExit(UNREACHABLE, r);
        Optional<String> line = r.stdout().lines().filter(l -> l.startsWith("problem")).findFirst();
        assertTrue(line.isPresent(), () -> "a problem line: " + r);
        return line.get();
    }

    private static String line(Lab.Result r, String check) {
        return r.stdout().lines().filter(l -> l.matches("\\S+\\s+" + check + "\\b.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + check + "' line in: " + r));
    }

    @Test
    void findsNothingBlockingWhenServerMappingWanAndDnsAreRight() {
        forward("lan", 888);

        Lab.Result r = Cli.expectExit(Cli.OK, doctor("--port", "888", "--hostname", "pi.lab.test"));

        assertFalse(r.stdout().contains("problem"), () -> "no problem line: " + r);
        assertTrue(line(r, "local server").matches("ok\\s+local server\\s+888/tcp\\s+listening on 192\\.0\\.2\\.10:888"), r::toString);
        assertTrue(line(r, "router").startsWith("ok"), r::toString);
        assertTrue(line(r, "wan address").contains("11.7.0.2 is public"), r::toString);
        assertTrue(line(r, "mapping").matches("ok\\s+mapping\\s+888/tcp\\s+888/tcp -> 192\\.0\\.2\\.10:888 .*lease .* left"),
                r::toString);
        assertTrue(line(r, "dns").contains("pi.lab.test -> 11.7.0.2, the router's WAN address"), r::toString);
        assertTrue(line(r, "hairpin").startsWith("info"), r::toString);
        assertTrue(line(r, "hairpin").contains("a phone with Wi-Fi off"), r::toString);
        assertTrue(r.stdout().strip().endsWith("still test from outside the LAN to be sure"), r::toString);
    }

    @Test
    void jsonCarriesTheVerdictAndEveryCheck() {
        forward("lan", 888);

        Lab.Result r = Cli.expectExit(Cli.OK, doctor("--port", "888", "--hostname", "pi.lab.test", "--json"));

        String json = r.stdout().strip();
        assertEquals(1, json.lines().count(), r::toString);
        assertTrue(json.startsWith("{\"schema\":1,\"verdict\":\"ok\",\"exitCode\":0,\"problems\":0,"), json);
        for (String check : List.of("local-server", "firewall", "router", "wan-address", "mapping", "dns", "hairpin")) {
            assertTrue(json.contains("{\"check\":\"" + check + "\""), () -> check + " in " + json);
        }
    }

    @Test
    void namesAServerThatIsNotRunning() {
        forward("lan", 8101);

        String first = firstProblem(doctor("--port", "8101"));

        assertTrue(first.matches("problem\\s+local server\\s+8101/tcp\\s+nothing listens on TCP port 8101 on this host.*"), first);
        assertTrue(first.contains("listening: 888"), () -> "shows the port that does listen: " + first);
        assertTrue(first.contains("-- fix: start the server on port 8101"), first);
    }

    @Test
    void namesAServerBoundToLoopbackOnlyWithTheFlaskFix() {
        lab.serveHttp("lan", "127.0.0.1", 8102, PAGE);
        forward("lan", 8102);

        String first = firstProblem(doctor("--port", "8102"));

        assertTrue(first.contains("local server") && first.contains("127.0.0.1:8102 only"), first);
        assertTrue(first.contains("Flask's default"), first);
        assertTrue(first.contains("app.run(host=\"0.0.0.0\", port=8102)"), first);
    }

    @Test
    void namesAMissingMappingWithTheForwardCommand() {
        lab.serveHttp("lan", "192.0.2.10", 8103, PAGE);

        String first = firstProblem(doctor("--port", "8103"));

        assertTrue(first.matches("problem\\s+mapping\\s+8103/tcp\\s+the router does not forward 8103/tcp.*"), first);
        assertTrue(first.endsWith("-- fix: create it: homeport forward --port 8103"), first);
    }

    @Test
    void namesAMappingThatPointsAtTheOtherLanHost() {
        lab.serveHttp("lan", "192.0.2.10", 8104, PAGE);
        forward("lan2", 8104);

        String first = firstProblem(doctor("--port", "8104"));

        assertTrue(first.contains("mapping") && first.contains("8104/tcp -> 192.0.2.11:8104"), first);
        assertTrue(first.contains("another host, not this one (192.0.2.10)"), first);
        assertTrue(first.contains("remove it on 192.0.2.11"), first);
        assertTrue(lab.routerMappings().stream().anyMatch(m -> m.matches("TCP\\s+8104->192\\.0\\.2\\.11:8104.*")),
                "doctor changed nothing on the router");
    }

    @Test
    void namesTheLocalFirewallAndItsFixWorks() {
        lab.serveHttp("lan", "192.0.2.10", 8105, PAGE);
        forward("lan", 8105);
        Lab.Result load = lab.exec("lan", "nft", "add table inet hpdoctor; add chain inet hpdoctor input { type filter hook input"
                + " priority filter; policy drop; }; add rule inet hpdoctor input ct state established,related accept;"
                + " add rule inet hpdoctor input tcp dport 22 accept");
        assertTrue(load.ok(), load::toString);
        try {
            String first = firstProblem(doctor("--port", "8105"));

            assertTrue(first.matches("problem\\s+firewall\\s+8105/tcp\\s+the local firewall drops 8105/tcp: nftables inet"
                    + " hpdoctor input: policy drop.*"), first);
            String fix = "sudo nft insert rule inet hpdoctor input tcp dport 8105 accept";
            assertTrue(first.contains("-- fix: allow it: " + fix), first);

            assertTrue(lab.exec("lan", fix.substring("sudo ".length()).split(" ")).ok());
            Lab.Result after = Cli.expectExit(Cli.OK, doctor("--port", "8105"));
            assertTrue(after.stdout().lines().anyMatch(l -> l.matches("ok\\s+firewall\\s+8105/tcp\\s+nftables: 8105/tcp accepted.*")),
                    after::toString);
        } finally {
            lab.exec("lan", "nft", "delete table inet hpdoctor");
        }
    }

    @Test
    void namesTheRouterWhenUpnpIsOffAndNoWebProfileIsConfigured() {
        forward("lan", 888);
        lab.upnp(false);
        try {
            Lab.Result r = doctor("--port", "888", "--hostname", "pi.lab.test");
            String first = firstProblem(r);

            assertTrue(first.matches("problem\\s+router\\s+no router answers \\(default gateway 192\\.0\\.2\\.1\\).*"), first);
            assertTrue(first.contains("-- fix: ") && first.contains("UPnP") && first.contains("web admin"), first);
            assertEquals(1, r.stdout().lines().filter(l -> l.startsWith("problem")).count(), () -> "nothing else blamed: " + r);
            assertTrue(line(r, "mapping").startsWith("skipped"), r::toString);
        } finally {
            lab.upnp(true);
        }
    }

    @Test
    void namesAHostnamePointingAtAnOldAddress() {
        forward("lan", 888);
        lab.dns("old.lab.test", "11.7.0.99");

        String first = firstProblem(doctor("--port", "888", "--hostname", "old.lab.test"));

        assertTrue(first.matches("problem\\s+dns\\s+old\\.lab\\.test\\s+old\\.lab\\.test resolves to 11\\.7\\.0\\.99, but the"
                + " router's WAN address is 11\\.7\\.0\\.2.*"), first);
        assertTrue(first.contains("-- fix: point old.lab.test's A record at 11.7.0.2"), first);
    }

    @Test
    void refusesAPortOutOfRangeWithTheUsageCode() {
        Lab.Result r = Cli.expectExit(Cli.USAGE, lab.homeport("lan", "doctor", "--port", "70000"));
        assertTrue(Cli.oneErrorLine(r).startsWith("--port '70000' must be a port number from 1 to 65535"), r::toString);
    }
}
