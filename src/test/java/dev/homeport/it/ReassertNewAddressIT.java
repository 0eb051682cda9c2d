package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Pi gets a new DHCP address: reassert follows it. The real miniupnpd (secure mode) lets only the old address
 * change the old mapping, so until it is gone reassert says what to do (exit 5); once it is gone (here: a reboot)
 * one run points the forward at the new address.
 */
class ReassertNewAddressIT {
    private static final String PAGE = "Savvy Pete's blog, new address\n";
    private static Lab lab;
    private static Path dir;

    @BeforeAll
    static void up() throws IOException {
        lab = Lab.up();
        dir = Files.createTempDirectory("homeport-reassert-move-it-");
        Path config = dir.resolve("homeport.yaml");
        Files.writeString(config, "forwards:\n  - name: blog\n    port: 888\n    ip-version: 4\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
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

    private static Lab.Result reassert() {
        return lab.homeport("lan", "reassert", "--config", dir.resolve("homeport.yaml").toString());
    }

    private static void ok(Lab.Result r) {
        assertEquals(0, r.exitCode(), r::toString);
    }

    @Test
    void followsThisHostToItsNewAddress() {
        Lab.Result first = Cli.expectExit(Cli.OK, reassert());
        assertEquals("added 888/tcp -> 192.0.2.10:888 (blog, lease 7d)\n", first.stdout(), first::toString);

        String nic = lab.exec("lan", "ip", "-o", "-4", "addr", "show").stdout().lines()
                .filter(l -> l.contains("192.0.2.10/24")).map(l -> l.split("\\s+")[1]).findFirst().orElseThrow();
        ok(lab.exec("lan", "ip", "addr", "del", "192.0.2.10/24", "dev", nic));
        ok(lab.exec("lan", "ip", "addr", "add", "192.0.2.12/24", "dev", nic));
        ok(lab.exec("lan", "ip", "route", "replace", "default", "via", "192.0.2.1"));

        Lab.Result refused = Cli.expectExit(Cli.ROUTER_REFUSED, reassert());
        String error = Cli.oneErrorLine(refused);
        assertTrue(error.startsWith("failed to fix 888/tcp (blog): "), refused::toString);
        assertTrue(refused.stderr().contains("hint: the router lets only 192.0.2.10 change this mapping: remove it in the router's"
                + " admin page or wait until its lease runs out"), refused::toString);
        List<String> table = lab.routerMappings();
        assertEquals(1, table.size(), table::toString);
        assertTrue(table.get(0).matches("TCP\\s+888->192\\.0\\.2\\.10:888\\s+'homeport blog'.*"), table::toString);

        lab.rebootRouter();
        lab.serveHttp("lan", "192.0.2.12", 888, PAGE);
        Lab.Result moved = Cli.expectExit(Cli.OK, reassert());
        assertEquals("added 888/tcp -> 192.0.2.12:888 (blog, lease 7d)\n", moved.stdout(), moved::toString);
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));
        assertEquals("", Cli.expectExit(Cli.OK, reassert()).stdout());
    }
}
