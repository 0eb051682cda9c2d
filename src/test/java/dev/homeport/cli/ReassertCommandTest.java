package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.state.RunLock;
import dev.homeport.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeport reassert} failures decided before any router is asked. */
class ReassertCommandTest {
    @TempDir
    Path dir;

    private Path config(String yaml) throws IOException {
        Path p = dir.resolve("homeport.yaml");
        Files.writeString(p, yaml);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private CliRun.Result reassert(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "reassert";
        all[1] = "--config";
        all[2] = dir.resolve("homeport.yaml").toString();
        all[3] = "--state-dir";
        all[4] = dir.resolve("state").toString();
        System.arraycopy(args, 0, all, 5, args.length);
        return CliRun.run(dir.resolve("home"), Map.of(), all);
    }

    @Test
    void exitsWithTheLockCodeAndAClearMessageWhenAnotherRunHoldsTheLock() throws IOException {
        config("router:\n  url: http://127.0.0.1:9/rootDesc.xml\nforwards:\n  - name: blog\n    port: 888\n");
        try (RunLock held = RunLock.acquire(new StateStore(dir.resolve("state")), Duration.ZERO)) {
            long start = System.nanoTime();
            CliRun.Result r = reassert("--lock-wait", "1");
            long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(11, r.exitCode(), r.stderr());
            assertEquals("", r.stdout());
            assertEquals(List.of("error: another homeport run is in progress (lock " + dir.resolve("state/homeport.lock")
                    + " held for over 1s)", "hint: nothing was changed; the next scheduled run will catch up"),
                    r.stderr().lines().toList());
            assertTrue(waited >= 1000, "it waits before giving up, waited " + waited + " ms");
        }
    }

    @Test
    void reportsTheHeldLockAsJsonForScripts() throws IOException {
        config("router:\n  url: http://127.0.0.1:9/rootDesc.xml\nforwards:\n  - name: blog\n    port: 888\n");
        try (RunLock held = RunLock.acquire(new StateStore(dir.resolve("state")), Duration.ZERO)) {
            CliRun.Result r = reassert("--lock-wait", "0", "--json");
            assertEquals(11, r.exitCode());
            assertTrue(r.stdout().startsWith("{\"error\":{\"kind\":\"locked\",\"message\":\"another homeport run"), r.stdout());
            assertTrue(r.stdout().strip().endsWith("\"exitCode\":11}"), r.stdout());
            assertEquals(1, r.stdout().lines().count());
        }
    }

    @Test
    void exitsWithTheConfigCodeForAnInvalidConfigWithoutTouchingState() throws IOException {
        Path file = config("forwards:\n  - name: blog\n    port: 70000\n");
        CliRun.Result r = reassert();
        assertEquals(3, r.exitCode());
        assertEquals(List.of("error: " + file + ":3: forwards[0].port: 70000 is out of range", "hint: use a number from 1 to 65535"),
                r.stderr().lines().toList());
        assertFalse(Files.exists(dir.resolve("state")), "no state directory for a run that could not start");
    }

    @Test
    void refusesANegativeLockWaitAsUsage() throws IOException {
        config("forwards:\n  - name: blog\n    port: 888\n");
        CliRun.Result r = reassert("--lock-wait", "-1");
        assertEquals(2, r.exitCode());
        assertEquals("error: --lock-wait '-1' must be 0 or more (seconds)", r.stderr().lines().findFirst().orElse(""));
    }

    @Test
    void namesItsExitCodesOnOneLineInHelpAndTheTableStaysInTheTopLevelHelp() {
        CliRun.Result r = CliRun.run(dir, Map.of(), "reassert", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().replaceAll("\\s+", " ").contains("Exit codes: 0 ok, 2 usage, 3 config, 4 no-router, 5 router-refused,"
                + " 6 conflict, 7 not-owned,"), r.stdout());
        assertFalse(r.stdout().contains("11   another homeport run holds the lock"), r.stdout());
        CliRun.Result top = CliRun.run(dir, Map.of(), "--help");
        for (String code : List.of("3    config file invalid", "4    no router found", "6    the port is held", "9    dynamic DNS latched",
                "11   another homeport run holds the lock")) {
            assertTrue(top.stdout().contains(code), code);
        }
    }

    @Test
    void withTheInstalledExampleConfigARunAsksNoRouterPrintsNothingAndRecordsNothing() throws IOException {
        config(Files.readString(Path.of("packaging/homeport.yaml")));
        CliRun.Result r = reassert("-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stdout() + r.stderr());
        assertFalse(Files.exists(dir.resolve("state")), "no state directory made");
        CliRun.Result verbose = reassert("-v");
        assertEquals(0, verbose.exitCode(), verbose.stderr());
        assertEquals("nothing to do: " + dir.resolve("homeport.yaml") + " sets no forwards and no ddns yet, and no forward"
                + " was made by hand\n", verbose.stdout());
    }

    @Test
    void theExampleConfigIsStillAnErrorForConfigCheck() throws IOException {
        config(Files.readString(Path.of("packaging/homeport.yaml")));
        CliRun.Result r = CliRun.run(dir.resolve("home"), Map.of(), "config", "check", "--config", dir.resolve("homeport.yaml").toString());
        assertEquals(3, r.exitCode(), r.stdout());
        assertTrue(r.stderr().contains("the file is empty"), r.stderr());
    }
}
