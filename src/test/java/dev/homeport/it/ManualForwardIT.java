package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 in the lab: the schedule never destroys. A port the user opened by hand stays open and is kept alive by
 * reassert until unforward; the installed example config makes a scheduled run do nothing and say nothing; and
 * without a network, forward says so at once.
 */
class ManualForwardIT {
    private static Lab lab;
    private static Path configDir;

    @BeforeAll
    static void up() throws IOException {
        lab = Lab.up();
        configDir = Files.createTempDirectory("homeport-manual-forward-it-");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
        if (configDir != null) {
            Cli.clear(configDir);
            Lab.deleteTree(configDir);
        }
    }

    @BeforeEach
    void freshRouterAndState() {
        lab.rebootRouter();
        Cli.clear(lab.stateDir("lan"));
    }

    private static Path config(String text) {
        try {
            Path p = configDir.resolve("homeport.yaml");
            Files.writeString(p, text);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Lab.Result homeport(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", configDir.resolve("homeport.yaml").toString()));
        return lab.homeport("lan", all.toArray(String[]::new));
    }

    private static List<String> on(int port) {
        return lab.routerMappings().stream().filter(m -> m.matches("TCP\\s+" + port + "->.*")).toList();
    }

    @Test
    void aPortForwardedByHandSurvivesReassertAndARouterRebootUntilUnforwardThenStaysGone() {
        config("forwards:\n  - name: blog\n    port: 888\n    ip-version: 4\n");
        Cli.expectExit(Cli.OK, homeport("forward", "--port", "5555"));
        assertEquals(1, on(5555).size(), lab.routerMappings()::toString);

        Lab.Result first = Cli.expectExit(Cli.OK, homeport("reassert"));
        assertEquals("added 888/tcp -> 192.0.2.10:888 (blog, lease 7d)\n", first.stdout(), "5555 is not pruned: " + first);
        assertEquals(1, on(5555).size(), "the forward made by hand is still there: " + lab.routerMappings());

        lab.rebootRouter();
        assertEquals(List.of(), lab.routerMappings(), "the reboot lost everything");
        Lab.Result repaired = Cli.expectExit(Cli.OK, homeport("reassert", "-q"));
        assertEquals("", repaired.stdout() + repaired.stderr());
        assertEquals(1, on(5555).size(), "reassert restored the forward made by hand: " + lab.routerMappings());
        assertTrue(on(5555).get(0).matches("TCP\\s+5555->192\\.0\\.2\\.10:5555\\s+'homeport .* 5555'.*"), on(5555)::toString);
        assertEquals(1, on(888).size());

        Cli.expectExit(Cli.OK, homeport("unforward", "--port", "5555"));
        assertEquals(List.of(), on(5555));
        for (int i = 0; i < 2; i++) {
            Lab.Result r = Cli.expectExit(Cli.OK, homeport("reassert"));
            assertEquals("", r.stdout() + r.stderr(), "nothing to do: " + r);
            assertEquals(List.of(), on(5555), "unforward's removal stays: run " + i);
        }
        assertEquals(1, on(888).size());
    }

    @Test
    void withTheInstalledExampleConfigATimerRunChangesNothingAndSaysNothing() throws IOException {
        Path root = Path.of(System.getProperty("homeport.root", ".")).toAbsolutePath();
        config(Files.readString(root.resolve("packaging/homeport.yaml")));
        String execStart = Files.readAllLines(root.resolve("packaging/systemd/homeport-reassert.service")).stream()
                .filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertTrue(execStart.endsWith(" reassert -q"), execStart);

        for (int i = 0; i < 2; i++) {
            Lab.Result r = Cli.expectExit(Cli.OK, homeport("reassert", "-q"));
            assertEquals("", r.stdout() + r.stderr(), "a timer run with the example config: " + r);
        }
        assertEquals(List.of(), lab.routerMappings());
        try (var files = Files.list(lab.stateDir("lan"))) {
            assertEquals(List.of(), files.toList(), "nothing recorded, not even the router's location");
        }
        Lab.Result dry = Cli.expectExit(Cli.OK, homeport("reassert", "--dry-run"));
        assertTrue(dry.stdout().startsWith("dry run: nothing to do: "), dry::toString);
    }

    @Test
    void withoutADefaultRouteForwardSaysThereIsNoNetworkAtOnce() {
        config("forwards:\n  - name: blog\n    port: 888\n    ip-version: 4\n");
        String eth = lab.name() + "-eth0";
        lab.exec("lan", "ip", "route", "del", "default");
        try {
            // This message comes before any discovery: there is no SSDP wait (3 s) and no UPnP library involved.
            Lab.Result r = Cli.expectExit(Cli.NO_ROUTER, homeport("forward", "--port", "5555"));
            assertEquals("no network: this host has no default route, so it is not connected to a router", Cli.oneErrorLine(r));
            assertTrue(r.stderr().contains("hint: connect it to the LAN (cable or Wi-Fi) and check 'ip route' shows a default route"),
                    r::toString);

            lab.exec("lan", "ip", "link", "set", eth, "down");
            Lab.Result down = Cli.expectExit(Cli.NO_ROUTER, homeport("forward", "--port", "5555"));
            assertEquals("no network: this host has no network interface up (only loopback), so there is no router to ask",
                    Cli.oneErrorLine(down));
            assertEquals("", down.stdout());
        } finally {
            lab.exec("lan", "ip", "link", "set", eth, "up");
            lab.exec("lan", "ip", "route", "replace", "default", "via", "192.0.2.1");
        }
        assertFalse(lab.exec("lan", "ip", "route").stdout().isBlank());
        assertEquals(List.of(), lab.routerMappings());
    }
}
