package dev.homeport.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/homeport, copied into a temporary checkout with a stand-in java that records its working directory and
 * arguments. Class-data sharing ignores an archive when the jar is named differently from the run that dumped it, so
 * every spelling of the launcher's path must hand the JVM the same jar path.
 */
class SourceLauncherTest {
    @TempDir
    Path tmp;
    Path checkout;
    Path log;

    @BeforeEach
    void checkout() throws IOException {
        checkout = Files.createDirectories(tmp.resolve("co"));
        Files.createDirectories(checkout.resolve("scripts"));
        Files.createDirectories(checkout.resolve("target"));
        Files.copy(Path.of("scripts/homeport"), checkout.resolve("scripts/homeport"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(checkout.resolve("target/homeport.jar"), "not really a jar");
        log = tmp.resolve("java.log");
        Path java = tmp.resolve("java");
        Files.writeString(java, "#!/bin/sh\n{ pwd; for a in \"$@\"; do echo \"$a\"; done; } > \"" + log + "\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(tmp.resolve("link"), checkout);
        Files.createDirectories(tmp.resolve("elsewhere"));
    }

    /** Runs the launcher as {@code path} from {@code cwd}; returns the stand-in java's working directory and arguments. */
    private List<String> run(Path cwd, String path) throws Exception {
        Files.deleteIfExists(log);
        ProcessBuilder pb = new ProcessBuilder("bash", path, "list", "--json").directory(cwd.toFile());
        pb.environment().put("JAVA", tmp.resolve("java").toString());
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("out")));
        return Files.readAllLines(log);
    }

    private static String jarArgument(List<String> javaRun) {
        return javaRun.get(javaRun.indexOf("-jar") + 1);
    }

    @Test
    void everySpellingOfTheLauncherHandsTheJvmTheSamePhysicalJarPathAndKeepsTheCallersDirectory() throws Exception {
        String physical = checkout.toRealPath().resolve("target/homeport.jar").toString();
        Path elsewhere = tmp.resolve("elsewhere");
        for (Object[] c : new Object[][] {
                {checkout, "scripts/homeport"},
                {checkout, "./scripts/./homeport"},
                {checkout, "scripts//homeport"},
                {checkout.resolve("scripts"), "homeport"},
                {checkout.resolve("scripts"), "../scripts/homeport"},
                {elsewhere, "../co/scripts/homeport"},
                {elsewhere, checkout + "/scripts/homeport"},
                {elsewhere, tmp.resolve("link") + "/scripts/homeport"},
        }) {
            Path cwd = (Path) c[0];
            List<String> javaRun = run(cwd, (String) c[1]);
            assertEquals(physical, jarArgument(javaRun), c[1] + " from " + cwd);
            assertEquals(cwd.toRealPath().toString(), Path.of(javaRun.get(0)).toRealPath().toString(),
                    "relative paths on the command line (--config) are the caller's: " + c[1]);
            assertEquals(List.of("list", "--json"), javaRun.subList(javaRun.size() - 2, javaRun.size()));
        }
    }
}
