package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeport watch} failures decided before it starts watching (the loop itself: WatcherTest, WatchIT). */
class WatchCommandTest {
    @TempDir
    Path dir;

    private Path config(String yaml) throws IOException {
        Path p = dir.resolve("homeport.yaml");
        Files.writeString(p, yaml);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private CliRun.Result watch(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "--config";
        all[1] = dir.resolve("homeport.yaml").toString();
        all[2] = "--state-dir";
        all[3] = dir.resolve("state").toString();
        all[4] = "watch";
        System.arraycopy(args, 0, all, 5, args.length);
        return CliRun.run(dir.resolve("home"), Map.of(), all);
    }

    @Test
    void doesNotStartWithAnInvalidConfigAndSaysWhereItIsWrong() throws IOException {
        Path file = config("forwards:\n  - name: blog\n    port: 70000\n");
        CliRun.Result r = watch();
        assertEquals(3, r.exitCode());
        assertEquals(List.of("error: " + file + ":3: forwards[0].port: 70000 is out of range", "hint: use a number from 1 to 65535"),
                r.stderr().lines().toList());
        assertFalse(Files.exists(dir.resolve("state")), "no state directory for a run that could not start");
    }

    @Test
    void refusesAnIntervalUnderTenSecondsAsUsage() throws IOException {
        config("forwards:\n  - name: blog\n    port: 888\n");
        CliRun.Result r = watch("--interval", "5");
        assertEquals(2, r.exitCode());
        assertEquals("error: --interval '5' must be from 10 to 86400 (seconds)", r.stderr().lines().findFirst().orElse(""));
    }

    @Test
    void helpExplainsReloadAndStopAndHidesTheBenchOption() {
        CliRun.Result r = CliRun.run(dir, Map.of(), "watch", "--help");
        assertEquals(0, r.exitCode());
        String help = r.stdout().replaceAll("\\s+", " ");
        assertTrue(help.contains("SIGHUP reloads the config"), help);
        assertTrue(help.contains("SIGTERM stops after the current step, with exit code 0"), help);
        assertTrue(help.contains("--interval=SECONDS"), help);
        assertFalse(help.contains("debug-interval"), help);
        assertTrue(help.contains("Exit codes: 0 ok, 2 usage, 3 config"), help);
    }
}
