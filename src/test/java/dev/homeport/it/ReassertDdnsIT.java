package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's "done when": with the README's config, a router reboot plus a new WAN address is repaired by one
 * {@code reassert} run, dynamic DNS included, against a local dyndns2 provider (a small Python server on the Pi's
 * loopback, as in the config example) that also updates the lab's DNS, as a real provider's would.
 */
class ReassertDdnsIT {
    private static final String HOST = "savvypetesblog.is-lost.org";
    private static final String PASSWORD = "s3cret-Pete-42";
    private static final String PAGE = "Savvy Pete's blog\n";
    private static Lab lab;
    private static Path dir;
    private Process provider;

    @BeforeAll
    static void up() throws IOException {
        lab = Lab.up();
        lab.serveHttp("lan", "192.0.2.10", 888, PAGE);
        dir = Files.createTempDirectory("homeport-reassert-ddns-it-");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
        if (dir != null) {
            Cli.clear(dir);
            Lab.deleteTree(dir);
        }
    }

    @BeforeEach
    void freshLab() throws Exception {
        lab.setWan("11.7.0.2");
        lab.rebootRouter();
        Cli.clear(lab.stateDir("lan"));
        write("provider.secret", PASSWORD + "\n");
        write("ddns.secret", PASSWORD + "\n");
        Files.deleteIfExists(dir.resolve("requests.jsonl"));
        // The example, exactly as written, with the secret file where this test keeps it.
        write("homeport.yaml", """
                router:
                  via: auto                    # auto | upnp | web
                  url: http://192.0.2.1:5000/rootDesc.xml   # optional: skip discovery (UPnP) or the admin URL (web)
                forwards:
                  - name: blog
                    port: 888                  # internal port; external-port defaults to it
                    protocol: tcp              # tcp | udp | both
                    ip-version: 4              # this test is about IPv4 and its A record (Ipv6IT covers IPv6)
                ddns:
                  provider: dyndns2            # dyndns (default) | noip | dynu | he | duckdns | dyndns2
                  server: http://127.0.0.1:8245   # dyndns2 only; plain http allowed for loopback
                  hostnames: [savvypetesblog.is-lost.org]
                  username: pete
                  password-file: SECRET
                """.replace("SECRET", dir.resolve("ddns.secret").toString()));
        provider = lab.start("lan", "python3", script(), "--port", "8245", "--log", dir.resolve("requests.jsonl").toString(),
                "--user", "pete", "--password-file", dir.resolve("provider.secret").toString(),
                "--on-update", Path.of(System.getProperty("homeport.root", ".")).toAbsolutePath().resolve("scripts/lab").toString(), "dns");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!lab.exec("lan", "curl", "-s", "-o", "/dev/null", "-m", "1", "http://127.0.0.1:8245/").ok()) {
            assertTrue(provider.isAlive() && System.nanoTime() < deadline, "the dyndns2 server did not start");
            Thread.sleep(100);
        }
    }

    @AfterEach
    void stopProvider() throws InterruptedException {
        if (provider != null) {
            provider.destroy();
            provider.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }

    private static String script() {
        try {
            return Path.of(ReassertDdnsIT.class.getResource("dyndns2-server.py").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The update requests the provider received, one JSON line each (the readiness probe's GET / left out). */
    private static List<String> requests() {
        try {
            Path log = dir.resolve("requests.jsonl");
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> !l.startsWith("{\"path\": \"/\",")).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Lab.Result reassert(String... args) {
        List<String> all = new ArrayList<>(List.of("reassert", "--config", dir.resolve("homeport.yaml").toString()));
        all.addAll(List.of(args));
        Lab.Result r = lab.homeport("lan", all.toArray(String[]::new));
        String basic = Base64.getEncoder().encodeToString(("pete:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertFalse(r.stdout().contains(PASSWORD) || r.stderr().contains(PASSWORD) || r.stdout().contains(basic)
                || r.stderr().contains(basic), () -> "the password must never be printed: " + r);
        return r;
    }

    private static String resolve(String name) {
        return lab.exec("lan", "getent", "ahostsv4", name).stdout().lines().findFirst().orElse("").split("\\s+")[0];
    }

    @Test
    void afterARebootAndANewAddressOneSilentRunMakesTheSiteReachableByNameAndTheNextSendsNothing() {
        Lab.Result first = Cli.expectExit(Cli.OK, reassert());
        List<String> lines = first.stdout().lines().toList();
        assertEquals("added 888/tcp -> 192.0.2.10:888 (blog, lease 7d)", lines.get(0), first::toString);
        assertTrue(lines.get(1).startsWith("dns: updated " + HOST + " to 11.7.0.2"), first::toString);
        assertEquals(1, requests().size(), requests()::toString);
        // The lab is dual stack: the A record gets the router's address, the AAAA record the Pi's stable IPv6 address.
        assertTrue(requests().get(0).contains("\"path\": \"/nic/update\", \"hostname\": \"" + HOST + "\", \"myip\":"
                + " \"11.7.0.2,2001:db8:1::10\", \"auth\": true"), requests()::toString);
        assertEquals("", Cli.expectExit(Cli.OK, reassert()).stdout(), "nothing changed: nothing printed");
        assertEquals(1, requests().size(), "an unchanged address is not sent again");

        lab.rebootRouter();
        lab.setWan("11.8.0.2");
        assertEquals(Optional.empty(), lab.fetchFromWan(888));

        Lab.Result repair = Cli.expectExit(Cli.OK, reassert("-q"));
        assertEquals("", repair.stdout() + repair.stderr(), "-q: nothing printed when all is well again");
        assertEquals(2, requests().size(), "exactly one update for the new address: " + requests());
        assertTrue(requests().get(1).contains("\"myip\": \"11.8.0.2,2001:db8:1::10\""), requests()::toString);
        assertEquals("11.8.0.2", resolve(HOST), "the provider now answers the new address for the name");
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888), "and the site answers there");

        Lab.Result verbose = Cli.expectExit(Cli.OK, reassert("-vv"));
        assertTrue(verbose.stdout().contains("ok 888/tcp -> 192.0.2.10:888 (blog, "), verbose::toString);
        assertTrue(verbose.stdout().contains("dns: unchanged: " + HOST + " already points at 11.8.0.2"), verbose::toString);
        Lab.Result json = Cli.expectExit(Cli.OK, reassert("--json"));
        assertTrue(json.stdout().contains("\"externalAddress\":\"11.8.0.2\",\"inSync\":true,\"result\":\"ok\",\"exitCode\":0,"
                + "\"changes\":0"), json::toString);
        assertEquals(2, requests().size(), "the runs after the change send nothing: " + requests());
    }

    @Test
    void aRejectedPasswordLatchesDnsOffWithTheBlockedCodeUntilTheSecretChanges() throws IOException {
        write("ddns.secret", "wrong-password\n");
        Lab.Result first = reassert();
        assertEquals(1, requests().size(), requests()::toString);
        assertEquals(9, first.exitCode(), first::toString);
        assertTrue(Cli.oneErrorLine(first).contains("the provider answered 'badauth'"), first::toString);
        assertEquals("added 888/tcp -> 192.0.2.10:888 (blog, lease 7d)\n", first.stdout(), first::toString);
        assertEquals(1, mappingsOn888(), "the forward is made whatever DNS says");

        Lab.Result latched = reassert("-q");
        assertEquals(9, latched.exitCode(), latched::toString);
        assertTrue(Cli.oneErrorLine(latched).startsWith("dns: ddns is latched off"), latched::toString);
        assertEquals(1, requests().size(), "nothing is sent while latched: " + requests());

        write("ddns.secret", PASSWORD + "\n");
        Lab.Result fixed = Cli.expectExit(Cli.OK, reassert());
        assertTrue(fixed.stdout().contains("dns: updated " + HOST + " to 11.7.0.2"), fixed::toString);
        assertEquals(2, requests().size(), requests()::toString);
    }

    private static long mappingsOn888() {
        return lab.routerMappings().stream().filter(m -> m.matches("TCP\\s+888->192\\.0\\.2\\.10:888.*")).count();
    }
}
