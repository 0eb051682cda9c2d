package dev.homeport.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/homeport, copied into a temporary checkout with a stand-in java that records its working directory and
 * arguments, and the installed launcher (packaging/homeport.in) filled in as scripts/install does. Class-data sharing
 * ignores an archive without a word when the jar is named differently from the run that recorded it, or the JDK is
 * another, so the launchers must name the jar one way and record the archive again for another JDK.
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

    /**
     * A JDK tree whose java records its arguments and, asked to list the classes it loads
     * (-XX:DumpLoadedClassList=FILE), writes FILE as the JVM does; asked to dump that list (-Xshare:dump with
     * -XX:SharedClassListFile and -XX:SharedArchiveFile) it writes the archive only when the list is there, and
     * records that dump's arguments apart, so the log keeps the command's run.
     */
    private Path fakeJdk(String name) throws IOException {
        Path jdk = Files.createDirectories(tmp.resolve(name));
        Files.createDirectories(jdk.resolve("bin"));
        Files.createDirectories(jdk.resolve("lib/server"));
        Files.writeString(jdk.resolve("lib/server/classes.jsa"), "the JDK's base archive");
        Path java = jdk.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n"
                + "case \" $* \" in *' -Xshare:dump '*)\n"
                + "  list=''; out=''\n"
                + "  for a in \"$@\"; do case $a in\n"
                + "    -XX:SharedClassListFile=*) list=${a#*=} ;;\n"
                + "    -XX:SharedArchiveFile=*) out=${a#*=} ;;\n"
                + "  esac; done\n"
                + "  { for a in \"$@\"; do echo \"$a\"; done; } > \"" + log + ".dump\"\n"
                + "  [ -s \"$list\" ] && [ -n \"$out\" ] && echo archive > \"$out\"; exit $? ;;\n"
                + "esac\n"
                + "{ pwd; for a in \"$@\"; do echo \"$a\"; done; } > \"" + log + "\"\n"
                + "for a in \"$@\"; do case $a in -XX:DumpLoadedClassList=*) echo java/lang/Object > \"${a#*=}\" ;; esac; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return jdk.toRealPath();
    }

    /** What one run asked of the JVM about class-data sharing: record, map (and which archive), or neither. */
    private static String cds(List<String> javaRun) {
        for (String a : javaRun) {
            if (a.startsWith("-XX:DumpLoadedClassList=")) return "record";
            if (a.startsWith("-XX:SharedArchiveFile=")) return "map " + Path.of(a.substring(a.indexOf('=') + 1)).getFileName();
        }
        return "neither";
    }

    private List<String> runWith(List<String> launcher, Map<String, String> env) throws Exception {
        return runWith(launcher, env, "list");
    }

    /** Runs {@code launcher args} with {@code env}; returns the stand-in java's working directory and arguments. */
    private List<String> runWith(List<String> launcher, Map<String, String> env, String... args) throws Exception {
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("out")));
        return Files.readAllLines(log);
    }

    private static void age(Path p, int seconds) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(seconds)));
    }

    /** Runs the scenario against one launcher, whose archives go to {@code cdsDir} and whose JDK is set by {@code javaVar}. */
    private void recordsAgainForAnUpgradedOrAnotherJdk(List<String> launcher, Path jar, Path cdsDir, String javaVar) throws Exception {
        Path jdk = fakeJdk("jdk-a");
        Path other = fakeJdk("jdk-b");
        age(jar, 3600);
        Map<String, String> env = Map.of(javaVar, jdk.resolve("bin/java").toString());

        List<String> first = runWith(launcher, env);
        assertEquals("record", cds(first), "the first run lists its classes");
        List<String> dump = Files.readAllLines(Path.of(log + ".dump"));
        assertTrue(dump.contains("-Xshare:dump") && dump.stream().anyMatch(a -> a.startsWith("-XX:SharedClassListFile=")),
                "then the JDK dumps them: " + dump);
        assertEquals(jarArgument(first), dump.get(dump.indexOf("-cp") + 1), "from the jar as the runs name it");
        assertEquals(jdk.toString(), Files.readString(cdsDir.resolve("list.jdk")).strip(), "and names the JDK that recorded it");
        assertEquals("map list.jsa", cds(runWith(launcher, env)), "the next run maps it");

        // A package upgrade replaces libjvm.so and classes.jsa (with their build dates): the directory changes.
        age(cdsDir.resolve("list.jsa"), 60);
        age(jdk.resolve("lib/server"), 30);
        assertEquals("record", cds(runWith(launcher, env)), "an archive older than the JDK's lib/server is recorded again");
        assertEquals("map list.jsa", cds(runWith(launcher, env)));

        Map<String, String> switched = Map.of(javaVar, other.resolve("bin/java").toString());
        assertEquals("record", cds(runWith(launcher, switched)), "another JDK (update-alternatives) records its own");
        assertEquals(other.toString(), Files.readString(cdsDir.resolve("list.jdk")).strip());
        assertEquals("map list.jsa", cds(runWith(launcher, switched)));
        assertEquals("record", cds(runWith(launcher, env)), "and back");

        Files.delete(cdsDir.resolve("list.jdk"));
        assertEquals("record", cds(runWith(launcher, env)), "an archive of an older launcher (no .jdk) is recorded again");
        try (var files = Files.list(cdsDir)) {
            assertEquals(List.of("list.jdk", "list.jsa"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temporary file left behind");
        }
        assertFalse(Files.readAllLines(log).isEmpty());
    }

    @Test
    void theSourceLauncherRecordsAgainForAnUpgradedOrAnotherJdk() throws Exception {
        Path launcher = checkout.resolve("scripts/homeport");
        recordsAgainForAnUpgradedOrAnotherJdk(List.of("bash", launcher.toString()), checkout.resolve("target/homeport.jar"),
                checkout.resolve("target/homeport.cds"), "JAVA");
    }

    @Test
    void theInstalledLauncherRecordsAgainForAnUpgradedOrAnotherJdk() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Path jar = share.resolve("homeport.jar");
        Files.writeString(jar, "not really a jar");
        Path cdsDir = Files.createDirectories(share.resolve("homeport.cds"));
        Path launcher = tmp.resolve("homeport");
        Files.writeString(launcher, Files.readString(Path.of("packaging/homeport.in")).replace("@JAR@", jar.toString())
                .replace("@CDS@", cdsDir.toString()).replace("@JAVA@", "java").replace("@INSTALLED_BY@", "SourceLauncherTest"));
        recordsAgainForAnUpgradedOrAnotherJdk(List.of("sh", launcher.toString()), jar, cdsDir, "HOMEPORT_JAVA");
    }

    /** The JVM options both launchers give {@code args} (no class-data sharing, which adds its own). */
    private List<String> jvmOptions(List<String> launcher, String javaVar, String... args) throws Exception {
        List<String> run = runWith(launcher, Map.of(javaVar, tmp.resolve("java").toString(), "HOMEPORT_CDS", "off"), args);
        return run.subList(1, run.indexOf("-jar"));
    }

    @Test
    void shortLivedCommandsGetASmallYoungGenerationAndTheResidentWatchDoesNot() throws Exception {
        Path launcher = tmp.resolve("homeport");
        Files.writeString(launcher, Files.readString(Path.of("packaging/homeport.in")).replace("@JAR@", "/nonexistent/homeport.jar")
                .replace("@CDS@", tmp.resolve("cds").toString()).replace("@JAVA@", "java").replace("@INSTALLED_BY@", "test"));
        List<String> source = List.of("bash", checkout.resolve("scripts/homeport").toString());
        for (List<String> l : List.of(source, List.of("sh", launcher.toString()))) {
            String javaVar = l.get(0).equals("sh") ? "HOMEPORT_JAVA" : "JAVA";
            List<String> reassert = jvmOptions(l, javaVar, "reassert", "-q");
            List<String> forward = jvmOptions(l, javaVar, "forward", "--port", "888");
            for (List<String> shortLived : List.of(reassert, forward)) {
                assertTrue(shortLived.contains("-Xmn1m") && shortLived.contains("-XX:MaxTenuringThreshold=0"), l + ": " + shortLived);
            }
            List<String> watch = jvmOptions(l, javaVar, "--config", "/etc/homeport/homeport.yaml", "watch");
            assertFalse(watch.contains("-Xmn1m") || watch.contains("-XX:MaxTenuringThreshold=0"), l + ": " + watch);
            assertTrue(watch.contains("-Xmx64m") && watch.contains("-Xshare:auto"), l + ": " + watch);
        }
    }
}
