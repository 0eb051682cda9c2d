package dev.homeport.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logback is started, and its classes loaded, only by a run that logs something: each case in a fresh JVM. */
class LogbackStartTest {
    @TempDir
    Path dir;

    private record Run(String out, String err) {
    }

    private Run probe(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-verbose:class",
                // The test class path has Logback's provider entry too; the shaded jar only homeport's.
                "-Dslf4j.provider=" + LazyLogProvider.class.getName(), "-Dslf4j.internal.verbosity=WARN",
                "-cp", System.getProperty("java.class.path")));
        cmd.addAll(jvmOptions);
        cmd.add(LoggingProbe.class.getName());
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not finish");
        Run run = new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        assertEquals(0, p.exitValue(), run.err());
        return run;
    }

    @Test
    void aRunThatLogsNothingLoadsNoLogbackClass() throws Exception {
        Run run = probe(List.of());

        assertTrue(run.out().contains("logback started: false"), run.out());
        assertFalse(run.out().contains("ch.qos.logback"), "a Logback class was loaded");
        assertEquals("", run.err());
    }

    @Test
    void aQuietRunLoadsNoLogbackClassEvenWhenItWarns() throws Exception {
        Run run = probe(List.of(), "-q", "warn");

        assertTrue(run.out().contains("logback started: false"), run.out());
        assertFalse(run.out().contains("ch.qos.logback"), "a Logback class was loaded");
        assertEquals("", run.err());
    }

    @Test
    void theFirstWarningStartsLogbackAndReachesStderr() throws Exception {
        Run run = probe(List.of(), "warn");

        assertTrue(run.out().contains("logback started: true"), run.out());
        assertEquals("WARN  Probe: warning from homeport" + System.lineSeparator(), run.err());
    }

    @Test
    void verboseShowsInfoAndStillNotDebug() throws Exception {
        Run run = probe(List.of(), "-v");

        assertEquals("INFO  Probe: info from homeport" + System.lineSeparator(), run.err());
    }

    @Test
    void aUsersLogbackFileStillDecidesPatternAndLevels() throws Exception {
        Path file = dir.resolve("logback.xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="E" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>custom %level %logger: %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.jupnp" level="ERROR"/>
                  <root level="DEBUG"><appender-ref ref="E"/></root>
                </configuration>
                """);
        Run run = probe(List.of("-Dlogback.configurationFile=" + file));

        assertTrue(run.err().contains("custom DEBUG dev.homeport.upnp.Probe: debug from homeport"), run.err());
        assertTrue(run.err().contains("custom INFO dev.homeport.upnp.Probe: info from homeport"), run.err());
        assertFalse(run.err().contains("warning from jupnp"), run.err());
    }
}
