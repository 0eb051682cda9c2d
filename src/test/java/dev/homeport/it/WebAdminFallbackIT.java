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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5: with UPnP switched off on the lab router, {@code homeport forward} (--via auto, the default) falls back to
 * the router's web admin and says so. The web admin is one of the emulators (a Netgear SerComm or ACOS UI), run as a
 * process inside the router namespace on 192.0.2.1:80 with {@code --nft-wan}: the forwards it holds are real nftables
 * DNAT rules on the router's WAN interface, so each test proves the Pi's page is reachable from the WAN namespace
 * (and no longer once the forward is removed), exactly as the UPnP ITs do.
 */
class WebAdminFallbackIT {
    private static final String PASSWORD = "lab-Admin-4471";
    private static final String PAGE = "Savvy Pete's blog, via the web admin\n";
    private static Lab lab;
    private static Path passwordFile;
    private Process emulator;

    @BeforeAll
    static void up() throws IOException {
        lab = Lab.up();
        lab.serveHttp("lan", "192.0.2.10", 888, PAGE);
        passwordFile = Files.createTempFile("homeport-router-pw", ".txt");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterAll
    static void down() throws IOException {
        if (lab != null) {
            lab.close();
        }
        if (passwordFile != null) {
            Files.deleteIfExists(passwordFile);
        }
    }

    @BeforeEach
    void upnpOff() {
        lab.upnp(false);
        Cli.clear(lab.stateDir("lan"));
    }

    @AfterEach
    void stopEmulator() throws InterruptedException {
        if (emulator != null) {
            emulator.destroy();
            emulator.waitFor();
            emulator = null;
        }
    }

    /** The emulator's DNAT table, as nft lists it in the router namespace, or "" when there is none. */
    private static String emulatorNat() {
        Lab.Result r = lab.exec("router", "nft", "list", "table", "ip", "homeport_webadmin");
        return r.ok() ? r.stdout() : "";
    }

    /** The DNAT rules miniupnpd made (its own chain, which must exist). */
    private static List<String> miniupnpdDnat() {
        Lab.Result r = lab.exec("router", "nft", "list", "chain", "inet", "filter", "prerouting_miniupnpd");
        assertTrue(r.ok(), () -> "could not read miniupnpd's chain: " + r);
        return r.stdout().lines().filter(l -> l.contains("dnat")).toList();
    }

    private Lab.Result viaWeb(String... command) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.addAll(List.of("--port", "888", "--via", "web", "--router", "http://192.0.2.1", "--user", "admin", "--password-file",
                passwordFile.toString()));
        return lab.homeport("lan", args.toArray(String[]::new));
    }

    private void startEmulator(String mainClass) {
        Path classes = Path.of(System.getProperty("homeport.root", ".")).resolve("target/test-classes").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        emulator = lab.start("router", java, "-cp", classes.toString(), mainClass, "--bind", "192.0.2.1", "--port", "80",
                "--lan", "192.0.2.1/24", "--user", "admin", "--password", PASSWORD, "--nft-wan", lab.name() + "-wan");
        for (int i = 0; i < 100; i++) {
            if (state().contains("logins")) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(mainClass + " did not start on 192.0.2.1:80");
    }

    /** The emulator's state page, read from the Pi's side. */
    private String state() {
        Lab.Result r = lab.exec("lan", "curl", "-s", "-m", "2", "http://192.0.2.1/__emulator/state");
        return r.ok() ? r.stdout() : "";
    }

    private Lab.Result forward() {
        return lab.homeport("lan", "forward", "--port", "888", "--name", "pi", "--router", "http://192.0.2.1", "--user", "admin",
                "--password-file", passwordFile.toString());
    }

    private static List<String> lines(String state, String prefix) {
        return state.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    void withUpnpOffForwardFallsBackToTheSerCommWebAdminAndSaysSo() throws InterruptedException {
        startEmulator("dev.homeport.webadmin.emulator.SerCommEmulator");
        assertEquals(Optional.empty(), lab.fetchFromWan(888), "not reachable before forward");

        Lab.Result first = Cli.expectExit(Cli.OK, forward());

        assertTrue(first.stderr().contains("UPnP did not answer") && first.stderr().contains("falling back to the web admin"),
                () -> "says it fell back: " + first);
        assertTrue(first.stdout().startsWith("888/tcp -> 192.0.2.10:888 "), () -> first.toString());
        String s = state();
        assertEquals(List.of("service homeport pi tcp 888-888"), lines(s, "service "), s);
        assertEquals(List.of("rule homeport pi ALLOW always 192.0.2.10"), lines(s, "rule "), s);
        assertTrue(s.contains("logins 1 logouts 1 session none"), s);
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888), "the internet reaches the Pi through the web admin's rule");

        Lab.Result second = Cli.expectExit(Cli.OK, forward());

        assertTrue(second.stdout().contains("already in place"), () -> second.toString());
        String again = state();
        assertEquals(1, lines(again, "service ").size(), again);
        assertEquals(1, lines(again, "rule ").size(), again);
        assertTrue(again.contains("logins 2 logouts 2 session none"), again);
        assertEquals(List.of(), miniupnpdDnat(), "nothing went through UPnP");

        emulator.destroy();
        emulator.waitFor();
        emulator = null;
        assertEquals("", emulatorNat(), "a stopped emulator leaves no rule behind");
        assertEquals(Optional.empty(), lab.fetchFromWan(888));
    }

    @Test
    void withUpnpOffForwardFallsBackToTheAcosWebAdmin() {
        startEmulator("dev.homeport.webadmin.emulator.AcosEmulator");

        Lab.Result r = Cli.expectExit(Cli.OK, forward());

        assertTrue(r.stderr().contains("falling back to the web admin of NETGEAR R7000"), () -> r.toString());
        String s = state();
        assertEquals(List.of("rule homeport pi TCP 888 888 192.0.2.10"), lines(s, "rule "), s);
        assertTrue(s.contains("session none"), s);
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888), "the internet reaches the Pi through the web admin's rule");
    }

    @Test
    void viaWebForwardOpensThePortToTheWanAndUnforwardClosesIt() {
        startEmulator("dev.homeport.webadmin.emulator.AcosEmulator");
        assertEquals(Optional.empty(), lab.fetchFromWan(888), "not reachable before forward");

        Cli.expectExit(Cli.OK, viaWeb("forward", "--name", "pi"));

        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));
        assertTrue(emulatorNat().contains("tcp dport 888 dnat to 192.0.2.10:888"), WebAdminFallbackIT::emulatorNat);

        Cli.expectExit(Cli.OK, viaWeb("unforward"));

        assertEquals(List.of(), lines(state(), "rule "), state());
        assertEquals(Optional.empty(), lab.fetchFromWan(888), "closed again once the web admin's rule is gone");
        assertFalse(emulatorNat().contains("dnat"), WebAdminFallbackIT::emulatorNat);
    }

    @Test
    void withUpnpOffAndNoAdminPasswordTheUpnpErrorIsShownAndTheWebAdminIsNotTouched() {
        startEmulator("dev.homeport.webadmin.emulator.SerCommEmulator");

        Lab.Result r = Cli.expectExit(Cli.NO_ROUTER, lab.homeport("lan", "forward", "--port", "888", "--router", "http://192.0.2.1"));

        String error = Cli.oneErrorLine(r);
        assertTrue(error.contains("no UPnP router answered"), error);
        assertTrue(state().contains("logins 0 logouts 0"), state());
    }
}
