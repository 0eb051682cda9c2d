package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 end to end: the lab's miniupnpd with UPnP off and NAT-PMP/PCP on. homeport opens port 888 through PCP
 * (auto) or NAT-PMP (forced), the internet gets in, unforward closes it, and reassert notices a router reboot by its
 * epoch and restores the mapping.
 */
class PcpForwardIT {
    private static final String PAGE = "Savvy Pete's blog\n";
    private static Lab lab;
    private static Path configDir;

    @BeforeAll
    static void up() throws IOException {
        lab = Lab.up();
        lab.routerProtocols("pmp");
        lab.serveHttp("lan", "192.0.2.10", 888, PAGE);
        configDir = Files.createTempDirectory("homeport-pcp-it-");
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

    @Test
    void autoForwardOpensThePortThroughPcpWhenUpnpIsOffAndSaysWhy() {
        assertEquals(Optional.empty(), lab.fetchFromWan(888), "not reachable before forward");

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888"));

        assertTrue(r.stdout().contains("11.7.0.2:888/tcp -> 192.0.2.10:888") && r.stdout().contains("via PCP on 192.0.2.1:5351"),
                r::toString);
        assertTrue(r.stderr().contains("UPnP did not answer") && r.stderr().contains("falling back to PCP on 192.0.2.1:5351"),
                r::toString);
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));
    }

    @Test
    void natPmpForwardOpensThePortAndUnforwardClosesIt() {
        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888", "--via", "natpmp"));
        assertTrue(r.stdout().contains("11.7.0.2:888/tcp -> 192.0.2.10:888") && r.stdout().contains("via NAT-PMP"), r::toString);
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));

        Lab.Result u = Cli.expectExit(Cli.OK, lab.homeport("lan", "unforward", "--port", "888", "--via", "natpmp"));

        assertTrue(u.stdout().contains("removed 888/tcp -> 192.0.2.10:888"), u::toString);
        assertEquals(Optional.empty(), lab.fetchFromWan(888), "closed after unforward");
    }

    @Test
    void pcpUnforwardClosesThePortWithTheNonceItWasMadeWith() {
        Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888", "--via", "pcp"));
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));

        Lab.Result u = Cli.expectExit(Cli.OK, lab.homeport("lan", "unforward", "--port", "888", "--via", "pcp"));

        assertTrue(u.stdout().contains("removed 888/tcp"), u::toString);
        assertEquals(Optional.empty(), lab.fetchFromWan(888), "closed after unforward");
    }

    @Test
    void listSaysItCannotReadTheRoutersTableAndShowsWhatHomeportHolds() {
        Cli.expectExit(Cli.OK, lab.homeport("lan", "forward", "--port", "888", "--via", "pcp"));

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "list", "--via", "pcp"));

        assertTrue(r.stdout().contains("cannot list the router's table"), r::toString);
        assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("888/tcp") && l.contains("192.0.2.10:888") && l.contains("homeport")),
                r::toString);
    }

    @Test
    void reassertNoticesTheRouterRebootByItsEpochAndRestoresTheMapping() {
        Path config = config("router:\n  via: pcp\nforwards:\n  - name: blog\n    port: 888\n");
        Cli.expectExit(Cli.OK, lab.homeport("lan", "reassert", "--config", config.toString()));
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));
        // The RFC's epoch test allows 2 s of clock jitter: a reboot within 2 s of the last answer cannot be seen.
        sleep(3000);

        lab.rebootRouter();
        assertEquals(Optional.empty(), lab.fetchFromWan(888), "the reboot lost the mapping");

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "reassert", "--config", config.toString()));

        assertTrue(r.stderr().contains("the router restarted") && r.stderr().contains("re-creat"), r::toString);
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888), "restored");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path config(String yaml) {
        try {
            Path p = configDir.resolve("homeport.yaml");
            Files.writeString(p, yaml);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
