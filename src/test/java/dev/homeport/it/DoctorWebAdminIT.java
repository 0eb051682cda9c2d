package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 over the web-admin path: with UPnP off, doctor says the router answers through its web admin (the lab's
 * SerComm emulator) and checks the mapping made there. The password never appears in doctor's output.
 */
class DoctorWebAdminIT {
    private static final String PASSWORD = "s3cret-router-pw";
    private static Lab lab;
    private static Path passwordFile;

    @BeforeAll
    static void up() throws IOException {
        lab = Lab.up();
        passwordFile = Files.createTempFile("homeport-doctor-pw", ".txt");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        lab.serveHttp("lan", "192.0.2.10", 888, "blog\n");
        lab.upnp(false);
        Path classes = Path.of(System.getProperty("homeport.root", ".")).resolve("target/test-classes").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        lab.start("router", java, "-cp", classes.toString(), "dev.homeport.webadmin.emulator.SerCommEmulator", "--bind",
                "192.0.2.1", "--port", "80", "--lan", "192.0.2.1/24", "--user", "admin", "--password", PASSWORD);
        for (int i = 0; i < 100 && !lab.exec("lan", "curl", "-s", "-m", "2", "http://192.0.2.1/__emulator/state").ok(); i++) {
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void down() throws IOException {
        if (lab != null) {
            lab.close();
        }
        if (passwordFile != null) {
            Files.deleteIfExists(passwordFile);
        }
    }

    private static Lab.Result homeport(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--router", "http://192.0.2.1", "--user", "admin", "--password-file",
            passwordFile.toString()}, 0, all, args.length, 6);
        return lab.homeport("lan", all);
    }

    @Test
    void saysTheWebAdminPathWorksAndChecksTheMappingThere() {
        Cli.expectExit(Cli.OK, homeport("forward", "--port", "888", "--name", "pi"));

        Lab.Result r = homeport("doctor", "--port", "888");

        String router = r.stdout().lines().filter(l -> l.matches("\\S+\\s+router\\b.*")).findFirst().orElseThrow();
        assertTrue(router.startsWith("ok") && router.contains("web admin"), () -> "the web-admin path answers: " + r);
        String mapping = r.stdout().lines().filter(l -> l.matches("\\S+\\s+mapping\\b.*")).findFirst().orElseThrow();
        assertTrue(mapping.matches("ok\\s+mapping\\s+888/tcp\\s+888/tcp -> 192\\.0\\.2\\.10:888.*"), () -> r.toString());
        assertFalse(r.stdout().contains(PASSWORD) || r.stderr().contains(PASSWORD), "never the password");
    }
}
