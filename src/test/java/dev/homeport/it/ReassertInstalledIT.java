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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schedule as {@code scripts/install --cron} sets it up, run in the lab: the built jar is installed for a user
 * whose home is a temporary directory (a fake crontab records the line), the config goes where the install put the
 * example, and the installed cron job runs on the Pi. It stays silent while it repairs a router reboot, and logs a
 * conflict with a time stamp and the exit code.
 */
class ReassertInstalledIT {
    private static final String PAGE = "Savvy Pete's blog, installed\n";
    private static Lab lab;
    private static Path tmp;
    private static Path home;

    @BeforeAll
    static void up() throws Exception {
        lab = Lab.up();
        lab.serveHttp("lan", "192.0.2.10", 888, PAGE);
        tmp = Files.createTempDirectory("homeport-reassert-installed-it-");
        home = Files.createDirectories(tmp.resolve("home"));
        Path bin = Files.createDirectories(tmp.resolve("fakebin"));
        Path crontab = bin.resolve("crontab");
        Files.writeString(crontab, "#!/bin/sh\ncase \"$1\" in -l) cat \"" + tmp.resolve("crontab.txt") + "\" 2>/dev/null ;; -) cat > \""
                + tmp.resolve("crontab.txt") + "\" ;; esac\n");
        Files.setPosixFilePermissions(crontab, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Path.of(System.getProperty("homeport.root", ".")).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/install").toString(), "--user", "--cron", "--jar",
                Path.of(System.getProperty("homeport.jar", "target/homeport.jar")).toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("install.log").toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, Files.readString(tmp.resolve("install.log")));
        Files.writeString(home.resolve(".config/homeport/homeport.yaml"), "forwards:\n  - name: blog\n    port: 888\n    ip-version: 4\n");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
        if (tmp != null) {
            Cli.clear(tmp);
            Lab.deleteTree(tmp);
        }
    }

    /** The installed cron job, run on the Pi as cron would (user.home follows HOME, as it does for a real user). */
    private static Lab.Result cronJob() {
        return lab.exec("lan", "env", "HOME=" + home, "HOMEPORT_STATE_DIR=" + lab.stateDir("lan"),
                "HOMEPORT_JAVA_OPTS=-Duser.home=" + home, home.resolve(".local/share/homeport/reassert-cron").toString());
    }

    @Test
    void theInstalledCronJobRepairsSilentlyAndLogsWhatIsWrong() throws IOException {
        String line = Files.readString(tmp.resolve("crontab.txt"));
        assertTrue(line.startsWith("*/5 * * * * " + home + "/.local/share/homeport/reassert-cron "), line);
        Path log = home.resolve(".local/state/homeport/reassert.log");

        assertEquals(new Lab.Result(0, "", ""), cronJob(), "cron gets nothing to mail");
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));
        assertTrue(Files.readString(log).matches("\\S+Z exit=0 added 888/tcp -> 192\\.0\\.2\\.10:888 \\(blog, lease 7d\\)\n"),
                "a change is logged");
        Files.delete(log);
        for (int i = 0; i < 2; i++) {
            assertEquals(new Lab.Result(0, "", ""), cronJob(), "healthy: nothing printed");
        }
        assertFalse(Files.exists(log), "nothing logged while all is well");
        lab.rebootRouter();
        assertEquals(Optional.empty(), lab.fetchFromWan(888));
        Lab.Result repaired = cronJob();
        assertEquals(new Lab.Result(0, "", ""), repaired, "the repair prints nothing");
        assertEquals(Optional.of(PAGE), lab.fetchFromWan(888));
        assertTrue(Files.readString(log).contains(" exit=0 added 888/tcp"), "the repair is logged");
        Files.delete(log);

        lab.upnpcAdd("lan2", "lan2 game", "192.0.2.11", 7777, "TCP");
        // IPv4 only: in the dual-stack lab an IPv6 pinhole for 7777 would open too, a change that is logged as well.
        Files.writeString(home.resolve(".config/homeport/homeport.yaml"),
                "forwards:\n  - name: blog\n    port: 888\n    ip-version: 4\n  - name: game\n    port: 7777\n    ip-version: 4\n");
        assertEquals(Cli.CONFLICT, cronJob().exitCode());
        List<String> logged = Files.readAllLines(log);
        assertEquals(2, logged.size(), logged::toString);
        assertTrue(logged.get(0).matches("\\S+Z exit=6 error: conflict 7777/tcp: held by 192\\.0\\.2\\.11:7777 .*"), logged::toString);
        assertTrue(logged.get(1).matches("\\S+Z exit=6 hint: free the port .*"), logged::toString);
    }
}
