package dev.homeport.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install in a temporary root and home, with fake systemctl, crontab and java on the PATH that record how
 * they were called (there is no systemd here, and the real crontab must not be touched).
 */
class InstallScriptTest {
    static final Path SCRIPT = Path.of("scripts/install").toAbsolutePath();

    @TempDir
    Path tmp;
    Path root;
    Path home;
    Path fakeLog;
    Path crontab;
    Path jar;

    record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeEach
    void fakes() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        home = Files.createDirectories(tmp.resolve("home"));
        fakeLog = tmp.resolve("calls.log");
        crontab = tmp.resolve("crontab");
        Path bin = Files.createDirectories(tmp.resolve("fakebin"));
        script(bin.resolve("systemctl"), "echo \"systemctl $*\" >> \"$FAKE_LOG\"\n");
        script(bin.resolve("crontab"), """
                echo "crontab $*" >> "$FAKE_LOG"
                case "$1" in
                  -l) if [ -f "$FAKE_CRONTAB" ]; then cat "$FAKE_CRONTAB"; else echo "no crontab for $(id -un)" >&2; exit 1; fi ;;
                  -r) rm -f "$FAKE_CRONTAB" ;;
                  -) cat > "$FAKE_CRONTAB" ;;
                esac
                """);
        script(bin.resolve("java"), "echo \"java $*\" >> \"$FAKE_LOG\"\necho \"${FAKE_JAVA_SAYS:-}\"\nexit ${FAKE_JAVA_EXIT:-0}\n");
        jar = tmp.resolve("homeport.jar");
        Files.writeString(jar, "not really a jar");
    }

    private static void script(Path p, String body) throws IOException {
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run run(Map<String, String> extraEnv, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("PATH", tmp.resolve("fakebin") + ":/usr/bin:/bin");
        env.put("FAKE_LOG", fakeLog.toString());
        env.put("FAKE_CRONTAB", crontab.toString());
        env.putAll(extraEnv);
        pb.redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
    }

    private Run install(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        return run(Map.of(), cmd.toArray(String[]::new));
    }

    private List<String> calls() throws IOException {
        return Files.exists(fakeLog) ? Files.readAllLines(fakeLog) : List.of();
    }

    /** Every file and directory below {@code dir}: its mode, and for files a hash of the content. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir " + mode : mode + " " + sha(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void systemInstallPutsJarLauncherPrivateExampleConfigAndATimerEnabledForTheRoot() throws Exception {
        Run r = install("--system", "--root", root.toString(), "--jar", jar.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("not really a jar", Files.readString(root.resolve("opt/homeport/homeport.jar")));
        Path launcher = root.resolve("usr/local/bin/homeport");
        assertEquals("rwxr-xr-x", mode(launcher));
        String text = Files.readString(launcher);
        assertTrue(text.contains("\njar=\"/opt/homeport/homeport.jar\"\n") && text.contains("-jar \"$jar\" \"$@\""), text);
        Path config = root.resolve("etc/homeport/homeport.yaml");
        assertEquals("rw-------", mode(config));
        assertEquals(Files.readString(Path.of("packaging/homeport.yaml")), Files.readString(config), "the package's example");
        assertTrue(Files.readAllLines(config).stream().allMatch(l -> l.isBlank() || l.startsWith("#")), "nothing live");
        String service = Files.readString(root.resolve("etc/systemd/system/homeport-reassert.service"));
        assertTrue(service.contains("\nExecStart=/usr/local/bin/homeport reassert -q\n"), service);
        assertTrue(service.contains("\nType=oneshot\n"), service);
        assertTrue(service.contains("\nProtectSystem=strict\n") && service.contains("\nCapabilityBoundingSet=\n")
                && service.contains("\nCacheDirectory=homeport\n"), "the package's hardening: " + service);
        assertTrue(Files.readString(launcher).contains("\ncds=\"/var/cache/homeport\"\n"),
                "archives where CacheDirectory= lets them be written");
        String timer = Files.readString(root.resolve("etc/systemd/system/homeport-reassert.timer"));
        assertTrue(timer.contains("\nOnUnitActiveSec=5min\n") && timer.contains("\nWantedBy=timers.target\n"), timer);
        assertEquals(List.of("systemctl --root=" + root + " enable homeport-reassert.timer"), calls());
        assertTrue(r.stdout().contains("uninstall: /opt/homeport/install --uninstall --system"), r.stdout());
    }

    @Test
    void theGeneratedUnitsPassSystemdAnalyzeVerify() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
        assertEquals(0, install("--system", "--root", root.toString(), "--jar", jar.toString()).exitCode());
        Path units = Files.createDirectories(tmp.resolve("units"));
        for (String name : List.of("homeport-reassert.service", "homeport-reassert.timer")) {
            // systemd checks that ExecStart exists: point it at the launcher as installed in the temporary root.
            String text = Files.readString(root.resolve("etc/systemd/system").resolve(name))
                    .replace("/usr/local/bin/homeport", root.resolve("usr/local/bin/homeport").toString());
            Files.writeString(units.resolve(name), text);
        }
        Run v = run(Map.of("PATH", "/usr/bin:/bin"), "systemd-analyze", "verify", units.resolve("homeport-reassert.timer").toString(),
                units.resolve("homeport-reassert.service").toString());
        assertEquals(0, v.exitCode(), v.stderr());
        assertEquals("", v.stderr(), "no unknown keys or other warnings");
    }

    @Test
    void userInstallEnablesAUserTimerAndItsLauncherRunsTheInstalledJar() throws Exception {
        Run r = install("--user", "--jar", jar.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of("systemctl --user daemon-reload", "systemctl --user enable --now homeport-reassert.timer"), calls());
        String service = Files.readString(home.resolve(".config/systemd/user/homeport-reassert.service"));
        assertTrue(service.contains("ExecStart=" + home + "/.local/bin/homeport reassert -q"), service);
        assertFalse(service.contains("Protect") || service.contains("Capability") || service.contains("Directory="),
                "a user manager cannot set up the sandbox: " + service);
        assertEquals("rw-------", mode(home.resolve(".config/homeport/homeport.yaml")));
        assertEquals("rwx------", mode(home.resolve(".config/homeport")));
        Run v = run(Map.of(), home.resolve(".local/bin/homeport").toString(), "reassert", "-q");
        assertEquals(0, v.exitCode(), v.stderr());
        // The fake java has no base CDS archive next to it, so the launcher records none: flags, jar, arguments.
        assertEquals("java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData -Xss512k -Xms8m"
                + " -Xmx64m -Xmn1m -XX:MaxTenuringThreshold=0 -Xshare:auto -jar " + home + "/.local/share/homeport/homeport.jar"
                + " reassert -q", calls().get(2));
        assertTrue(r.stdout().contains("loginctl enable-linger"), "says how to keep the timer running after logout");
    }

    @Test
    void neverOverwritesAnExistingConfigAndUninstallLeavesItAlone() throws Exception {
        Path config = Files.createDirectories(root.resolve("etc/homeport")).resolve("homeport.yaml");
        Files.writeString(config, "forwards:\n  - name: mine\n    port: 8080\n");
        Map<String, String> before = snapshot(root);
        Run r = install("--system", "--root", root.toString(), "--jar", jar.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("kept the existing config /etc/homeport/homeport.yaml"), r.stdout());
        assertEquals("forwards:\n  - name: mine\n    port: 8080\n", Files.readString(config));
        assertEquals(0, install("--uninstall", "--system", "--root", root.toString()).exitCode());
        assertEquals(before, snapshot(root));
    }

    @Test
    void uninstallRemovesEverythingATimerInstallAddedAndNothingElse() throws Exception {
        Files.createDirectories(root.resolve("usr/local/bin"));
        Files.writeString(root.resolve("usr/local/bin/other-tool"), "keep me");
        Files.createDirectories(root.resolve("etc/systemd/system"));
        Files.writeString(root.resolve("etc/systemd/system/nginx.service"), "[Unit]\n");
        Map<String, String> before = snapshot(root);
        assertEquals(0, install("--system", "--root", root.toString(), "--jar", jar.toString()).exitCode());
        Run u = install("--uninstall", "--system", "--root", root.toString());
        assertEquals(0, u.exitCode(), u.stderr());
        assertEquals(before, snapshot(root));
        assertEquals("systemctl --root=" + root + " disable homeport-reassert.timer", calls().get(1));
    }

    @Test
    void uninstallRemovesEverythingACronInstallAddedIncludingItsLogAndNothingElse() throws Exception {
        Files.createDirectories(root.resolve("etc/cron.d"));
        Files.writeString(root.resolve("etc/cron.d/certbot"), "0 */12 * * * root certbot renew\n");
        Map<String, String> before = snapshot(root);
        assertEquals(0, install("--system", "--cron", "--root", root.toString(), "--jar", jar.toString()).exitCode());
        String cron = Files.readString(root.resolve("etc/cron.d/homeport"));
        assertTrue(cron.contains("\n*/5 * * * * root /opt/homeport/reassert-cron\n"), cron);
        Files.writeString(root.resolve("var/log/homeport/reassert.log"), "2026-11-27T10:00:00Z exit=4 error: no router\n");
        assertEquals(List.of(), calls(), "no systemctl and no user crontab for a system cron install");
        assertEquals(0, install("--uninstall", "--system", "--root", root.toString()).exitCode());
        assertEquals(before, snapshot(root));
    }

    @Test
    void userCronAddsOneLineOnceAndUninstallRestoresTheCrontabAsItWas() throws Exception {
        String mine = "MAILTO=me@example.org\n0 1 * * * /usr/local/bin/backup\n";
        Files.writeString(crontab, mine);
        assertEquals(0, install("--user", "--cron", "--jar", jar.toString()).exitCode());
        assertEquals(0, install("--user", "--cron", "--jar", jar.toString()).exitCode(), "installing twice is an upgrade");
        List<String> lines = Files.readAllLines(crontab);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("*/5 * * * * " + home + "/.local/share/homeport/reassert-cron # homeport-reassert (scripts/install)",
                lines.get(2));
        assertEquals(0, install("--uninstall", "--user").exitCode());
        assertEquals(mine, Files.readString(crontab));
        try (Stream<Path> left = Files.walk(home)) {
            assertEquals(List.of(home), left.toList(), "the home directory is as empty as before");
        }
    }

    @Test
    void theCronWrapperLogsProblemsWithATimeStampAndCapsTheLogSize() throws Exception {
        assertEquals(0, install("--user", "--cron", "--jar", jar.toString()).exitCode());
        Path log = home.resolve(".local/state/homeport/reassert.log");
        Path wrapper = home.resolve(".local/share/homeport/reassert-cron");
        for (int i = 0; i < 2; i++) {
            Run quiet = run(Map.of(), wrapper.toString());
            assertEquals(new Run(0, "", ""), quiet, "healthy: nothing for cron to mail");
        }
        assertFalse(Files.exists(log), "a silent run writes nothing");
        assertTrue(calls().get(calls().size() - 1).endsWith(" reassert"), "without -q, so that changes are logged: " + calls());
        Run failed = run(Map.of("FAKE_JAVA_SAYS", "error: another homeport run is in progress", "FAKE_JAVA_EXIT", "11"),
                wrapper.toString());
        assertEquals(11, failed.exitCode());
        String line = Files.readString(log);
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ exit=11 error: another homeport run is in progress\n"), line);
        Files.write(log, new byte[1_100_000]);
        run(Map.of("FAKE_JAVA_SAYS", "error: x", "FAKE_JAVA_EXIT", "4"), wrapper.toString());
        assertEquals(1_100_000, Files.size(log.resolveSibling("reassert.log.1")));
        assertTrue(Files.readString(log).endsWith(" exit=4 error: x\n"));
        assertEquals(0, install("--uninstall", "--user").exitCode());
        assertFalse(Files.exists(log) || Files.exists(log.resolveSibling("reassert.log.1")));
    }

    @Test
    void theCronWrapperStaysSilentWhenItsLogDirectoryIsGoneAndLogsAChangeThere() throws Exception {
        assertEquals(0, install("--system", "--cron", "--root", root.toString(), "--jar", jar.toString()).exitCode());
        Path logDir = root.resolve("var/log/homeport");
        Files.delete(logDir);
        // The wrapper names paths as the installed system sees them: point them into the test's root.
        String wrapper = Files.readString(root.resolve("opt/homeport/reassert-cron"))
                .replace("\"/var/log/homeport/", "\"" + logDir + "/").replace("\"/usr/local/bin/", "\"" + root + "/usr/local/bin/");
        Path copy = Files.writeString(tmp.resolve("reassert-cron"), wrapper);
        assertEquals(new Run(0, "", ""), run(Map.of(), "sh", copy.toString()), "no 'cannot open' for cron to mail");
        Run change = run(Map.of("FAKE_JAVA_SAYS", "added 888/tcp -> 192.0.2.10:888 (blog, lease 7d)"), "sh", copy.toString());
        assertEquals(new Run(0, "", ""), change);
        assertTrue(Files.readString(logDir.resolve("reassert.log")).matches("\\S+Z exit=0 added 888/tcp .*\n"));
    }

    @Test
    void aFailedInstallLeavesAManifestSoUninstallRemovesWhatItWrote() throws Exception {
        Path failing = Files.createDirectories(tmp.resolve("failbin"));
        script(failing.resolve("crontab"), "[ \"$1\" = -l ] && exit 1\necho 'crontab: cannot write' >&2\nexit 1\n");
        script(failing.resolve("java"), "exit 0\n");
        Map<String, String> env = Map.of("PATH", failing + ":/usr/bin:/bin");
        Run failed = run(env, "bash", SCRIPT.toString(), "--user", "--cron", "--jar", jar.toString());
        assertTrue(failed.exitCode() != 0, failed.toString());
        assertTrue(Files.exists(home.resolve(".local/share/homeport/reassert-cron")), "it got that far");
        Run u = run(env, "bash", SCRIPT.toString(), "--uninstall", "--user");
        assertEquals(0, u.exitCode(), u.toString());
        try (Stream<Path> left = Files.walk(home)) {
            assertEquals(List.of(home), left.toList(), "everything the failed install wrote is gone");
        }
    }

    @Test
    void switchingFromTheTimerToCronTakesTheTimerAway() throws Exception {
        assertEquals(0, install("--user", "--jar", jar.toString()).exitCode());
        assertEquals(0, install("--user", "--cron", "--jar", jar.toString()).exitCode());
        assertTrue(calls().contains("systemctl --user disable --now homeport-reassert.timer"), calls().toString());
        assertFalse(Files.exists(home.resolve(".config/systemd/user/homeport-reassert.timer")));
        assertTrue(Files.readString(crontab).contains("reassert-cron"));
        assertEquals(0, install("--uninstall", "--user").exitCode());
        assertFalse(Files.exists(crontab));
    }

    @Test
    void keepsTheExampleConfigOnUninstallWhenTheUserEditedIt() throws Exception {
        assertEquals(0, install("--user", "--jar", jar.toString()).exitCode());
        Path config = home.resolve(".config/homeport/homeport.yaml");
        Files.writeString(config, Files.readString(config).replace("port: 888", "port: 8888"));
        Run u = install("--uninstall", "--user");
        assertEquals(0, u.exitCode());
        assertTrue(Files.exists(config));
        assertTrue(u.stdout().contains("kept " + config + ": you changed it since it was installed"), u.stdout());
    }

    @Test
    void refusesBadInputWithAHintAndChangesNothing() throws Exception {
        Run noJar = install("--user", "--jar", tmp.resolve("missing.jar").toString());
        assertEquals(1, noJar.exitCode());
        assertTrue(noJar.stderr().contains("install: error: no jar at " + tmp.resolve("missing.jar")), noJar.stderr());
        assertTrue(noJar.stderr().contains("install: hint: build it first"), noJar.stderr());
        Run unknown = install("--frobnicate");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.stderr().contains("unknown option '--frobnicate'"));
        Run nothing = install("--uninstall", "--user");
        assertEquals(1, nothing.exitCode());
        assertTrue(nothing.stderr().contains("nothing to uninstall"), nothing.stderr());
        try (Stream<Path> left = Files.walk(home)) {
            assertEquals(List.of(home), left.toList());
        }
        assertEquals(List.of(), calls());
    }

    @Test
    void theInstalledCopyOfTheScriptCanUninstall() throws Exception {
        assertEquals(0, install("--user", "--jar", jar.toString()).exitCode());
        Path copy = home.resolve(".local/share/homeport/install");
        assertEquals(Files.readString(SCRIPT, StandardCharsets.UTF_8), Files.readString(copy, StandardCharsets.UTF_8));
        Run u = run(Map.of(), "bash", copy.toString(), "--uninstall", "--user");
        assertEquals(0, u.exitCode(), u.stderr());
        try (Stream<Path> left = Files.walk(home)) {
            assertEquals(List.of(home), left.toList());
        }
    }
}
