package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: homeport on a hostile LAN. A fake router or gateway ({@code src/test/resources/hostile/hostile.py}) runs
 * on the second LAN host (lan2, 192.0.2.11), a witness server on the router's LAN address (192.0.2.1:9090) records
 * any request that would carry something to another host, and homeport runs from the Pi (lan) as the built jar with
 * a 64 MB heap. Every case checks the exit code, one clear error line, the time taken, that no secret appears in any
 * form in stdout, stderr or the state files, and that no stack trace or Error is printed.
 */
class HostileNetworkIT {
    private static final String ADMIN_PASSWORD = "Adm1n-S3cret-77";
    private static final String DDNS_PASSWORD = "dd ns/P@ss+w0rd";
    private static final String ROUTER = "http://192.0.2.11:8080";
    private static final String WITNESS = "http://192.0.2.1:9090";
    private static Lab lab;
    private static Path adminPw;
    private static Path ddnsPw;
    private final List<Process> servers = new ArrayList<>();
    private Path routerLog;
    private Path witnessLog;

    @BeforeAll
    static void up() throws IOException {
        lab = Lab.up();
        // LAN hosts talk to each other through the router's bridge like through a switch; where the machine loaded
        // br_netfilter, bridged frames would otherwise meet the router's forward policy (drop).
        lab.exec("router", "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=0");
        adminPw = secretFile(ADMIN_PASSWORD);
        ddnsPw = secretFile(DDNS_PASSWORD);
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    @BeforeEach
    void fresh() {
        Cli.clear(lab.stateDir("lan"));
        lab.upnp(true);
        routerLog = lab.tempFile("router-", ".log");
        witnessLog = lab.tempFile("witness-", ".log");
        serve("router", "192.0.2.1", 9090, "witness", witnessLog, false);
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : servers) {
            p.destroy();
            p.waitFor();
        }
        servers.clear();
    }

    private static Path secretFile(String secret) throws IOException {
        Path p = lab.tempFile("pw-", ".txt");
        Files.writeString(p, secret + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private void serve(String host, String bind, int port, String mode, Path log, boolean ssdp) {
        Path script = Path.of(System.getProperty("homeport.root", ".")).resolve("src/test/resources/hostile/hostile.py")
                .toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString(), "--bind", bind, "--port", Integer.toString(port),
                "--mode", mode, "--log", log.toString(), "--witness", WITNESS));
        if (ssdp) cmd.add("--ssdp");
        servers.add(lab.start(host, cmd.toArray(String[]::new)));
        for (int i = 0; i < 200 && !read(log).contains("READY"); i++) sleep(50);
        if (!read(log).contains("READY")) throw new IllegalStateException("hostile server " + mode + " did not start");
    }

    /** The jar with -Xmx64m from the Pi, its state in the lab's state dir; the elapsed time in millis is returned too. */
    private Timed homeport(String... args) {
        String jar = System.getProperty("homeport.jar", Path.of(System.getProperty("homeport.root", ".")).resolve(
                "target/homeport.jar").toString());
        List<String> cmd = new ArrayList<>(List.of("env", "HOMEPORT_STATE_DIR=" + lab.stateDir("lan"),
                "XDG_CONFIG_HOME=" + lab.stateDir("lan").resolve("config"), "HOMEPORT_CONFIG=" + lab.noConfig(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC", "-jar", jar));
        cmd.addAll(List.of(args));
        long start = System.nanoTime();
        Lab.Result r = lab.exec("lan", cmd.toArray(String[]::new));
        return new Timed(r, (System.nanoTime() - start) / 1_000_000);
    }

    private record Timed(Lab.Result result, long millis) {
        Timed within(long max) {
            assertTrue(millis <= max, () -> "took " + millis + " ms (at most " + max + "): " + result);
            return this;
        }
    }

    private Timed routerDdns(String... extra) {
        List<String> args = new ArrayList<>(List.of("router-ddns", "--via", "web", "--router", ROUTER, "--profile",
                "netgear.acos.pforward", "--user", "admin", "--password-file", adminPw.toString(), "--hostname",
                "pi.example.org", "--ddns-user", "pete", "--ddns-password-file", ddnsPw.toString()));
        args.addAll(List.of(extra));
        return homeport(args.toArray(String[]::new));
    }

    /** No secret in any form, no raw control character, no stack trace or Error, in what the run printed or stored. */
    private void clean(Lab.Result r) {
        String all = r.stdout() + r.stderr() + stateText();
        for (String secret : List.of(ADMIN_PASSWORD, DDNS_PASSWORD)) {
            for (String form : forms(secret)) assertFalse(all.contains(form), () -> "a form of a secret (" + form + ") leaked: " + r);
        }
        assertFalse(all.contains("\u001b") || all.contains("\u0007"), () -> "raw control characters printed: " + r);
        assertFalse(all.contains("\tat ") || all.contains("Exception in thread") || all.contains("OutOfMemoryError")
                || all.contains("StackOverflowError"), () -> "a stack trace or an Error: " + r);
    }

    private static List<String> forms(String secret) {
        String form = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(List.of(secret, form, form.replace("+", "%20")));
        for (String user : List.of("admin", "pete")) {
            out.add(Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.ISO_8859_1)));
            out.add(Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private String stateText() {
        StringBuilder b = new StringBuilder();
        try (var files = Files.walk(lab.stateDir("lan"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) b.append(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    private void nothingReachedTheWitness() {
        assertEquals(List.of("READY"), read(witnessLog).lines().toList(), "no request reached the witness on another address");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- 1. credentials to another origin ----

    @Test
    void aFormThatPostsToAnotherOriginIsRefusedBeforeAnythingIsSentAndTheSessionIsLoggedOut() {
        serve("lan2", "192.0.2.11", 8080, "web-foreign", routerLog, false);

        Timed t = routerDdns().within(30_000);

        Cli.expectExit(8, t.result());
        String error = Cli.oneErrorLine(t.result());
        assertTrue(error.contains("http://192.0.2.1:9090") && error.contains("refused"), error);
        nothingReachedTheWitness();
        assertTrue(read(routerLog).contains("POST /logout.cgi"), "logged out: " + read(routerLog));
        clean(t.result());
    }

    // ---- 2. unbounded bodies ----

    @Test
    void aPageThatNeverEndsIsRefusedAtTheCapWithA64MegabyteHeapAndTheSessionIsLoggedOut() {
        serve("lan2", "192.0.2.11", 8080, "web-endless", routerLog, false);

        Timed t = routerDdns().within(30_000);

        Cli.expectExit(8, t.result());
        String error = Cli.oneErrorLine(t.result());
        assertTrue(error.contains("larger than"), error);
        assertTrue(read(routerLog).contains("POST /logout.cgi"), "logged out: " + read(routerLog));
        clean(t.result());
    }

    @Test
    void aSmallGzipPageThatExpandsTo100MegabytesIsRefusedAfterDecompression() {
        serve("lan2", "192.0.2.11", 8080, "web-gzipbomb", routerLog, false);

        Timed t = routerDdns().within(30_000);

        Cli.expectExit(8, t.result());
        assertTrue(Cli.oneErrorLine(t.result()).contains("larger than"), t.result().toString());
        assertTrue(read(routerLog).contains("POST /logout.cgi"), "logged out: " + read(routerLog));
        clean(t.result());
    }

    // ---- 5 and 6. secrets and control characters echoed back ----

    @Test
    void aRouterAlertEchoingTheCredentialsAndEscapeSequencesIsPrintedRedactedAndVisible() {
        serve("lan2", "192.0.2.11", 8080, "web-echo", routerLog, false);

        Timed t = routerDdns().within(30_000);

        Cli.expectExit(8, t.result());
        String error = Cli.oneErrorLine(t.result());
        assertTrue(error.contains("you sent Basic ****"), error);
        assertTrue(error.contains("\\x1b]0;pwned\\x07"), error);
        assertTrue(read(routerLog).contains(URLEncoder.encode(DDNS_PASSWORD, StandardCharsets.UTF_8)), "the router did get it");
        clean(t.result());
        nothingReachedTheWitness();
    }

    @Test
    void aRouterUrlWithUserinfoNeverShowsThePassword() {
        serve("lan2", "192.0.2.11", 8080, "web-foreign", routerLog, false);

        Timed t = homeport("router-ddns", "--via", "web", "--router", "http://admin:" + ADMIN_PASSWORD + "@192.0.2.11:8080",
                "--profile", "netgear.acos.pforward", "--user", "admin", "--password-file", adminPw.toString(), "--hostname",
                "pi.example.org", "--ddns-user", "pete", "--ddns-password-file", ddnsPw.toString()).within(30_000);

        Cli.expectExit(8, t.result());
        clean(t.result());
        nothingReachedTheWitness();
    }

    private Timed ddnsUpdate() throws IOException {
        Path config = lab.stateDir("lan").resolve("homeport.yaml");
        Files.writeString(config, """
                ddns:
                  provider: dyndns2
                  server: %s
                  hostnames: [pi.example.org]
                  username: pete
                  password-file: %s
                  ip-source: url
                  ip-url: %s/ip
                  insecure: true
                """.formatted(ROUTER, ddnsPw, ROUTER));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        return homeport("ddns", "update", "--config", config.toString());
    }

    @Test
    void aProviderAnswerEchoingTheCredentialsIsKeptOutOfOutputAndState() throws IOException {
        serve("lan2", "192.0.2.11", 8080, "provider-echo", routerLog, false);

        Timed t = ddnsUpdate().within(30_000);

        assertTrue(t.result().exitCode() == 9 || t.result().exitCode() == 10, t.result().toString());
        String error = Cli.oneErrorLine(t.result());
        assertTrue(error.contains("badauth"), error);
        assertTrue(Files.exists(lab.stateDir("lan").resolve("ddns.state")), "the answer is recorded");
        clean(t.result());
    }

    @Test
    void aProviderRedirectToAnotherHostIsNotFollowedAndItsUrlShowsNoCredentials() throws IOException {
        serve("lan2", "192.0.2.11", 8080, "provider-redirect", routerLog, false);

        Timed t = ddnsUpdate().within(30_000);

        assertEquals(10, t.result().exitCode(), t.result().toString());
        Cli.oneErrorLine(t.result());
        nothingReachedTheWitness();
        clean(t.result());
    }

    // ---- 3. time without a ceiling ----

    @Test
    void listStopsAtTheFirstRepeatedEntryAndSaysSo() {
        serve("lan2", "192.0.2.11", 5000, "igd-repeat", routerLog, false);

        Timed t = homeport("list", "--via", "upnp", "--router", "http://192.0.2.11:5000/rootDesc.xml").within(15_000);

        Cli.expectExit(0, t.result());
        assertTrue(t.result().stderr().contains("cut short") && t.result().stderr().contains("repeats"), t.result().toString());
        clean(t.result());
    }

    @Test
    void listOfATableThatNeverEndsStopsAtTheWalkDeadline() {
        serve("lan2", "192.0.2.11", 5000, "igd-endless", routerLog, false);

        Timed t = homeport("list", "--via", "upnp", "--router", "http://192.0.2.11:5000/rootDesc.xml").within(30_000);

        Cli.expectExit(0, t.result());
        assertTrue(t.result().stderr().contains("cut short"), t.result().toString());
        clean(t.result());
    }

    @Test
    void discoveryEndsInTimeWhenALanHostAnswersWithManyDescriptionsThatDrip() {
        lab.upnp(false);
        serve("lan2", "192.0.2.11", 5000, "ssdp-drip", routerLog, true);

        Timed t = homeport("external-ip", "--via", "upnp").within(20_000);

        Cli.expectExit(Cli.NO_ROUTER, t.result());
        assertTrue(Cli.oneErrorLine(t.result()).contains("more than 4 LOCATIONs"), t.result().toString());
        clean(t.result());

        // The JVM's start on a loaded machine is not discovery's: -vv shows discovery's own time.
        Lab.Result traced = homeport("external-ip", "--via", "upnp", "-vv").within(20_000).result();
        java.util.regex.Matcher took = java.util.regex.Pattern.compile("discovery took (\\d+) ms").matcher(traced.stderr());
        assertTrue(took.find() && Long.parseLong(took.group(1)) <= 5_000, () -> "discovery within 5 s: " + traced.stderr());
    }

    // ---- 4. XML guard sidestepped by encoding; 9. third-party stack traces ----

    @Test
    void aUtf16DescriptionWithADoctypeIsRefusedWithoutAnError() {
        serve("lan2", "192.0.2.11", 5000, "igd-utf16", routerLog, false);

        Timed t = homeport("external-ip", "--via", "upnp", "--router", "http://192.0.2.11:5000/rootDesc.xml").within(15_000);

        Cli.expectExit(Cli.NO_ROUTER, t.result());
        Cli.oneErrorLine(t.result());
        clean(t.result());
    }

    @Test
    void aUtf16DoctypeDescriptionFoundBySsdpReachesJupnpsParserWhichRefusesItAndQuietPrintsOnlyTheError() {
        lab.upnp(false);
        serve("lan2", "192.0.2.11", 5000, "igd-utf16", routerLog, true);

        Timed t = homeport("external-ip", "--via", "upnp", "-q").within(15_000);

        Cli.expectExit(Cli.NO_ROUTER, t.result());
        Cli.oneErrorLine(t.result());
        assertTrue(read(routerLog).contains("GET /rootDesc.xml"), "the description was fetched: " + read(routerLog));
        clean(t.result());
    }

    // ---- 8. rogue gateway ----

    @Test
    void aRogueGatewayIsUsedOnlyWhileTheRouterIsSilentIsNeverCachedAndTheRouterWinsWhenBack() throws IOException {
        lab.upnp(false);
        serve("lan2", "192.0.2.11", 5000, "igd", routerLog, true);

        Timed rogue = homeport("external-ip", "--via", "upnp").within(15_000);

        Cli.expectExit(0, rogue.result());
        assertTrue(rogue.result().stderr().contains("not the default gateway 192.0.2.1"), rogue.result().toString());
        assertFalse(Files.exists(lab.stateDir("lan").resolve("gateway.state")), "the rogue gateway is not cached");
        clean(rogue.result());

        lab.upnp(true);
        Timed back = homeport("external-ip", "--via", "upnp").within(15_000);

        Cli.expectExit(0, back.result());
        assertEquals(lab.wanAddress(), back.result().stdout().strip().lines().findFirst().orElse("").split(" ")[0],
                back.result().toString());
        String cached = read(lab.stateDir("lan").resolve("gateway.state"));
        assertTrue(cached.contains("192.0.2.1") && !cached.contains("192.0.2.11"), "the real router is cached: " + cached);
    }

    // ---- 7. files ----

    @Test
    void aStateFileThatIsNotUtf8IsSetAsideAndTheRunGoesOn() throws IOException {
        Path gateway = lab.stateDir("lan").resolve("gateway.state");
        Files.write(gateway, new byte[] {'#', ' ', (byte) 0xff, (byte) 0xfe, '\n'});

        Timed t = homeport("external-ip", "--via", "upnp").within(15_000);

        Cli.expectExit(0, t.result());
        assertTrue(Files.exists(lab.stateDir("lan").resolve("gateway.state.corrupt")), "set aside");
    }

    @Test
    void aLockFileThatIsASymlinkIsNotFollowed() throws IOException {
        Path target = lab.tempFile("lock-target-", ".txt");
        Files.writeString(target, "precious\n");
        Files.createSymbolicLink(lab.stateDir("lan").resolve("homeport.lock"), target);
        Path config = lab.stateDir("lan").resolve("homeport.yaml");
        Files.writeString(config, "forwards:\n  - name: pi\n    port: 888\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));

        Timed t = homeport("reassert", "--config", config.toString()).within(30_000);

        Cli.expectExit(13, t.result());
        assertTrue(Cli.oneErrorLine(t.result()).contains("symbolic link"), t.result().toString());
        assertEquals("precious\n", read(target));
    }

    @Test
    void aConfigNested100000DeepIsAConfigErrorNotAStackOverflow() throws IOException {
        Path config = lab.stateDir("lan").resolve("deep.yaml");
        Files.writeString(config, "forwards: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));

        Timed t = homeport("config", "check", "--config", config.toString()).within(15_000);

        Cli.expectExit(3, t.result());
        assertTrue(Cli.oneErrorLine(t.result()).contains("nested more than"), t.result().toString());
        clean(t.result());
    }
}
