package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 in the dual-stack lab: the Pi (2001:db8:1::10, plus a kernel temporary address the kernel prefers as
 * source) behind miniupnpd's IPv6 firewall. {@code forward} opens an IGD:2 pinhole to the stable address, the
 * internet reaches the page over IPv6 and IPv4; port 888 gets IPv4 only, with the router's reason; unforward closes;
 * a router reboot loses the pinhole and reassert restores it; dynamic DNS registers the AAAA record once per change.
 */
class Ipv6IT {
    static final String PI6 = "2001:db8:1::10";
    static final String PAGE = "savvy pete over ipv6\n";
    private static Lab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() throws Exception {
        lab = Lab.up();
        serveDualStack(lab, 8888);
        serveDualStack(lab, 888);
    }

    /** A web server on the Pi listening on every address, both families (python binds [::] dual stack). */
    static void serveDualStack(Lab lab, int port) throws Exception {
        Path www = Files.createDirectories(lab.tempFile("www-", "").resolveSibling("www-" + port));
        Files.writeString(www.resolve("index.html"), PAGE);
        lab.start("lan", "python3", "-m", "http.server", Integer.toString(port), "--bind", "::", "--directory", www.toString());
        for (int i = 0; i < 100; i++) {
            if (lab.exec("lan", "curl", "-gfsS", "-o", "/dev/null", "-m", "1", "http://[" + PI6 + "]:" + port + "/").ok()) return;
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("the Pi's dual-stack web server on port " + port + " did not start");
    }

    /** GET http://[2001:db8:1::10]:port/ from the internet side over IPv6 (3 s): the body, or empty if it failed. */
    static Optional<String> fetch6(Lab lab, int port) {
        Lab.Result r = lab.exec("wan", "curl", "-6", "-gfsS", "-m", "3", "http://[" + PI6 + "]:" + port + "/");
        return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    @BeforeEach
    @AfterEach
    void fresh() {
        lab.rebootRouter();
        Cli.clear(lab.stateDir("lan"));
    }

    @Test
    void forwardOpensAPinholeToTheStableAddressSoTheInternetReachesThePageOverBothFamilies() {
        assertEquals(Optional.empty(), fetch6(lab, 8888), "the router's IPv6 firewall drops it before forward");
        assertTrue(lab.exec("lan", "ip", "-6", "addr", "show", "temporary").stdout().contains("temporary"),
                "the Pi also has a temporary address, which the kernel prefers as source");

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "8888"));

        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), () -> "one line per family: " + r);
        assertTrue(lines.get(0).startsWith("11.7.0.2:8888/tcp -> 192.0.2.10:8888"), r::toString);
        assertTrue(lines.get(1).startsWith("[" + PI6 + "]:8888/tcp open to the internet over IPv6 (pinhole upnp:"), r::toString);
        assertEquals(Optional.of(PAGE), fetch6(lab, 8888));
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(8888));
        String rules = lab.exec("router", "nft", "list", "chain", "inet", "filter", "miniupnpd").stdout();
        assertTrue(rules.contains("0x20010db8000100000000000000000010"), () -> "the pinhole is for the stable address: " + rules);

        Lab.Result list = Cli.expectExit(Cli.OK, lab.homeport("lan", "list"));
        assertTrue(list.stdout().lines().anyMatch(l -> l.matches("IPv6\\s+\\[" + PI6 + "]:8888/tcp\\s+1d\\s+open\\s+pinhole upnp:\\d+"
                + "\\s+\\[homeport, this host]")), list::toString);
    }

    @Test
    void port888OpensItsPinholeThroughPcpWhichUpnpRefusesAndUnforwardClosesIt() {
        assertEquals(Optional.empty(), fetch6(lab, 888), "the router's IPv6 firewall drops it before forward");

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888", "-vv"));

        // miniupnpd (its Server header says so) refuses every UPnP pinhole below 1024: PCP is asked first, UPnP not at all.
        assertTrue(r.stderr().contains("SOAP AddPortMapping ->"), () -> "-vv shows the SOAP calls: " + r);
        assertFalse(r.stderr().contains("AddPinhole") || r.stderr().contains("GetFirewallStatus"), r::toString);

        List<String> lines = r.stdout().lines().toList();
        assertEquals(2, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith("11.7.0.2:888/tcp -> 192.0.2.10:888"), r::toString);
        assertTrue(lines.get(1).matches("\\[" + PI6 + "]:888/tcp open to the internet over IPv6 \\(pinhole pcp:[0-9a-f]{24}, lease"
                + " .*, via PCP MAP over IPv6 on 2001:db8:1::1\\)"), r::toString);
        assertEquals(Optional.of(PAGE), fetch6(lab, 888));
        String rules = lab.exec("router", "nft", "list", "chain", "inet", "filter", "miniupnpd").stdout();
        assertTrue(rules.contains("0x20010db8000100000000000000000010"), () -> "the pinhole is for the stable address: " + rules);

        Lab.Result u = Cli.expectExit(Cli.OK, lab.homeport("lan", "unforward", "--port", "888"));

        assertTrue(u.stdout().contains("closed the IPv6 pinhole [" + PI6 + "]:888/tcp (via PCP MAP over IPv6 on 2001:db8:1::1)"),
                u::toString);
        assertEquals(Optional.empty(), fetch6(lab, 888), "the fetch fails again");
    }

    @Test
    void unforwardAfterARenewalLetsThePcpPinholeLapseBecauseMiniupnpdThenRefusesItsDelete() {
        Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));
        // list checks the pinhole with a MAP of its nonce: miniupnpd 2.3.1 (nftables) renews it and forgets the nonce.
        Cli.expectExit(Cli.OK, lab.homeport("lan", "list"));

        Lab.Result u = Cli.expectExit(Cli.OK, lab.homeport("lan", "unforward", "--port", "888"));

        assertTrue(u.stdout().contains("IPv6 [" + PI6 + "]:888/tcp: the router would not delete the pinhole (PCP NOT_AUTHORIZED:"
                + " miniupnpd loses a pinhole's owner when it renews it), so homeport cut its lease to the router's shortest: it"
                + " closes by itself within minutes"), u::toString);
        Lab.Result list = Cli.expectExit(Cli.OK, lab.homeport("lan", "list"));
        assertFalse(list.stdout().contains("pinhole pcp:"), () -> "no longer homeport's: " + list);
    }

    @Test
    void port888OnARouterThatDoesNotAnswerPcpGetsIpv4AndThePlainReasonWhyNoPinholeNeverAClaimedOne() {
        // miniupnpd 2.3.1 still opened this pinhole over PCP with enable_natpmp=no (router-protocols upnp), so drop PCP.
        Lab.Result blocked = lab.exec("router", "nft", "add table ip6 nopcp; add chain ip6 nopcp input"
                + " { type filter hook input priority -10; }; add rule ip6 nopcp input udp dport 5351 drop");
        assertTrue(blocked.ok(), blocked::toString);
        try {
            Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));

            List<String> lines = r.stdout().lines().toList();
            assertEquals(2, lines.size(), r::toString);
            assertTrue(lines.get(0).startsWith("11.7.0.2:888/tcp -> 192.0.2.10:888"), r::toString);
            assertTrue(lines.get(1).startsWith("IPv6 [" + PI6 + "]:888/tcp: no pinhole: the router refuses IPv6 pinholes for ports"
                    + " below 1024 over UPnP (UPnP error 606); PCP: "), lines.get(1));
            assertTrue(r.stderr().contains("hint: turn PCP on in the router"), r::toString);
            assertFalse(r.stdout().contains("open to the internet over IPv6"));
            assertEquals(Optional.empty(), fetch6(lab, 888));
            assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));

            Lab.Result only6 = Cli.expectExit(Cli.ROUTER_REFUSED, lab.homeport("lan", "forward", "--port", "888", "--ip-version", "6"));
            assertTrue(Cli.oneErrorLine(only6).contains("ports below 1024"), only6::toString);
        } finally {
            lab.exec("router", "nft", "delete table ip6 nopcp");
        }
    }

    @Test
    void unforwardClosesThePinholeAndTheFetchFailsAgain() {
        Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "8888"));
        assertEquals(Optional.of(PAGE), fetch6(lab, 8888));

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "unforward", "--port", "8888"));

        assertTrue(r.stdout().contains("closed the IPv6 pinhole [" + PI6 + "]:8888/tcp"), r::toString);
        assertEquals(Optional.empty(), fetch6(lab, 8888));
        assertEquals(Optional.empty(), lab.fetchFromWan(8888));
        String rules = lab.exec("router", "nft", "list", "chain", "inet", "filter", "miniupnpd").stdout();
        assertFalse(rules.contains("dport 8888"), rules);
    }

    /** A config that forwards {@code port} as "blog". */
    private Path blog(int port) throws IOException {
        return config("forwards:\n  - name: blog\n    port: " + port + "\n");
    }

    private static Lab.Result reassert(Path config) {
        return Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", config.toString(), "reassert"));
    }

    @Test
    void aRouterRebootLosesThePinholeAndReassertRestoresIt() throws IOException {
        Path config = blog(8888);
        Lab.Result first = reassert(config);
        assertTrue(first.stdout().contains("opened the IPv6 pinhole [" + PI6 + "]:8888/tcp"), first::toString);
        assertEquals("", reassert(config).stdout(),
                "in place and fresh: nothing to say");

        lab.rebootRouter();
        assertEquals(Optional.empty(), fetch6(lab, 8888));

        Lab.Result again = reassert(config);
        assertTrue(again.stdout().contains("restored the IPv6 pinhole [" + PI6 + "]:8888/tcp"), again::toString);
        assertEquals(Optional.of(PAGE), fetch6(lab, 8888));
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(8888));
    }

    @Test
    void aPcpPinholeLostInARouterRebootIsToldAsRestoredByListReassertAndForward() throws Exception {
        Path config = blog(888);
        Lab.Result first = reassert(config);
        assertTrue(first.stdout().contains("opened the IPv6 pinhole [" + PI6 + "]:888/tcp"), first::toString);
        // PCP has no query: the check is a MAP, which reopens a lost pinhole by itself. The router's epoch in its answer
        // tells the restart, once the pinhole is older than the router's new uptime plus the clocks' slack (2 s).
        TimeUnit.SECONDS.sleep(4);
        assertEquals("", reassert(config).stdout(),
                "in place and fresh: nothing to say");

        lab.rebootRouter();
        assertEquals(Optional.empty(), fetch6(lab, 888));
        Lab.Result again = reassert(config);
        assertTrue(again.stdout().contains("restored the IPv6 pinhole [" + PI6 + "]:888/tcp"), again::toString);
        assertEquals(Optional.of(PAGE), fetch6(lab, 888));

        TimeUnit.SECONDS.sleep(4);
        lab.rebootRouter();
        Lab.Result list = Cli.expectExit(Cli.OK, lab.homeport("lan", "list"));
        assertTrue(list.stdout().lines().anyMatch(l -> l.matches("IPv6\\s+\\[" + PI6 + "]:888/tcp\\s+1d\\s+reopened\\s+pinhole pcp:.*")),
                list::toString);
        assertEquals(Optional.of(PAGE), fetch6(lab, 888), "list's MAP opened it again, and says so");

        TimeUnit.SECONDS.sleep(4);
        lab.rebootRouter();
        Lab.Result forward = Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));
        assertTrue(forward.stdout().contains("[" + PI6 + "]:888/tcp open to the internet over IPv6 again, the router had lost it"
                + " (pinhole pcp:"), forward::toString);
        Lab.Result after = reassert(config);
        assertFalse(after.stdout().contains("pinhole"), () -> "the pinhole is in place and fresh: " + after);
    }

    @Test
    void dynamicDnsRegistersTheStableIpv6AddressAsAaaaOncePerChange() throws Exception {
        Path log = dir.resolve("requests.jsonl");
        Files.writeString(dir.resolve("provider.secret"), "lab-secret\n");
        Files.writeString(dir.resolve("ddns.secret"), "lab-secret\n");
        Files.setPosixFilePermissions(dir.resolve("ddns.secret"), PosixFilePermissions.fromString("rw-------"));
        Process provider = lab.start("lan", "python3", script().toString(), "--port", "8245", "--log", log.toString(),
                "--user", "pete", "--password-file", dir.resolve("provider.secret").toString(), "--on-update",
                Path.of(System.getProperty("homeport.root", ".")).toAbsolutePath().resolve("scripts/lab").toString(), "dns");
        for (int i = 0; !lab.exec("lan", "curl", "-s", "-o", "/dev/null", "-m", "1", "http://127.0.0.1:8245/").ok(); i++) {
            assertTrue(provider.isAlive() && i < 100, "the dyndns2 server did not start");
            TimeUnit.MILLISECONDS.sleep(100);
        }
        Path config = config("""
                router:
                  url: %s
                ddns:
                  provider: dyndns2
                  server: http://127.0.0.1:8245
                  hostnames: [blog.example.net]
                  username: pete
                  password-file: %s
                """.formatted(lab.descriptionUrl(), dir.resolve("ddns.secret")));
        String cfg = config.toString();

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", cfg, "ddns", "update"));
        assertTrue(r.stdout().startsWith("updated blog.example.net to 11.7.0.2," + PI6), r::toString);
        assertEquals(1, lines(log).size());
        assertTrue(lines(log).get(0).contains("\"myip\": \"11.7.0.2," + PI6 + "\""), () -> lines(log).toString());
        assertEquals(PI6, lab.exec("lan", "getent", "ahostsv6", "blog.example.net").stdout().split("\\s+")[0]);
        assertEquals("11.7.0.2", lab.exec("lan", "getent", "ahostsv4", "blog.example.net").stdout().split("\\s+")[0]);

        Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", cfg, "ddns", "update", "-q"));
        assertEquals(1, lines(log).size(), "unchanged: nothing sent");

        // The Pi's stable address changes (a new prefix from the ISP would do the same): exactly one more update.
        lab.exec("lan", "ip", "-6", "addr", "add", "2001:db8:1::20/64", "dev", lab.name() + "-eth0", "nodad");
        lab.exec("lan", "ip", "-6", "addr", "del", PI6 + "/64", "dev", lab.name() + "-eth0");
        try {
            Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", cfg, "ddns", "update", "-q"));
            Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", cfg, "ddns", "update", "-q"));
            assertEquals(2, lines(log).size(), () -> lines(log).toString());
            assertTrue(lines(log).get(1).contains("\"myip\": \"11.7.0.2,2001:db8:1::20\""), () -> lines(log).toString());
        } finally {
            lab.exec("lan", "ip", "-6", "addr", "add", PI6 + "/64", "dev", lab.name() + "-eth0", "nodad", "mngtmpaddr");
            lab.exec("lan", "ip", "-6", "addr", "del", "2001:db8:1::20/64", "dev", lab.name() + "-eth0");
            lab.exec("lan", "ip", "-6", "route", "replace", "default", "via", "2001:db8:1::1");
        }
    }

    private Path config(String yaml) throws IOException {
        Path config = dir.resolve("homeport.yaml");
        Files.writeString(config, yaml);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        return config;
    }

    private static Path script() {
        try {
            return Path.of(Ipv6IT.class.getResource("dyndns2-server.py").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(Path p) {
        try {
            // The server logs every request, also the start-up probe of "/": only updates count.
            return Files.exists(p) ? Files.readAllLines(p).stream().filter(l -> l.contains("\"/nic/update\"")).toList() : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
