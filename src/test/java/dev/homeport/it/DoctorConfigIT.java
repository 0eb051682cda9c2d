package dev.homeport.it;

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
 * Issue 6 with a config file: doctor checks the configured forwards and ddns hostnames, compares the IP echo with the
 * router's WAN address, and explains a stale hostname with the dynamic DNS state (a local dyndns2 fixture in the lab's
 * "internet" answering badauth latches homeport's updates off).
 */
class DoctorConfigIT {
    private static Lab lab;
    private static Path dir;

    @BeforeAll
    static void up() throws IOException {
        lab = Lab.up();
        lab.serveHttp("lan", "192.0.2.10", 888, "blog\n");
        lab.serveHttp("wan", "11.7.0.1", 8080, "11.7.0.2\n");
        lab.serveHttp("wan", "11.7.0.1", 8081, "Current IP Address: 203.0.113.9\n");
        dir = Files.createTempDirectory("homeport-doctor-it");
        Path provider = Files.createDirectories(dir.resolve("provider/nic"));
        Files.writeString(provider.resolve("update"), "badauth\n");
        lab.start("wan", "python3", "-m", "http.server", "8245", "--bind", "11.7.0.1", "--directory", dir.resolve("provider").toString());
        secret(dir.resolve("ddns.secret"), "hunter2\n");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
        if (dir != null) {
            Lab.deleteTree(dir);
        }
    }

    @BeforeEach
    void freshState() {
        Cli.clear(lab.stateDir("lan"));
    }

    private static void secret(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static Path config(String name, String ipUrl) {
        try {
            Path file = dir.resolve(name + ".yaml");
            secret(file, """
                    forwards:
                      - name: blog
                        port: 888
                    ddns:
                      provider: dyndns2
                      server: http://11.7.0.1:8245
                      insecure: true
                      hostnames: [blog.lab.test]
                      username: pete
                      password-file: %s
                      ip-url: %s
                    """.formatted(dir.resolve("ddns.secret"), ipUrl));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Lab.Result doctor(Path config) {
        Lab.Result r = lab.homeport("lan", "--config", config.toString(), "doctor");
        assertTrue(!r.stdout().contains("hunter2") && !r.stderr().contains("hunter2"), "never the secret");
        return r;
    }

    private static Optional<String> line(Lab.Result r, String check) {
        return r.stdout().lines().filter(l -> l.matches("\\S+\\s+" + check + "\\b.*")).findFirst();
    }

    private static String firstProblem(Lab.Result r) {
        Cli.expectExit(DoctorIT.UNREACHABLE, r);
        return r.stdout().lines().filter(l -> l.startsWith("problem")).findFirst().orElseThrow(() -> new AssertionError(r));
    }

    @Test
    void checksTheConfiguredForwardAndHostnameAndAgreesWithTheIpEcho() {
        Path config = config("good", "http://11.7.0.1:8080/");
        Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", config.toString(), "forward", "--port", "888"));
        lab.dns("blog.lab.test", "11.7.0.2");

        Lab.Result r = Cli.expectExit(Cli.OK, doctor(config));

        assertTrue(line(r, "ip echo").orElseThrow().matches("ok\\s+ip echo\\s+the internet sees 11\\.7\\.0\\.2, the router's WAN"
                + " address"), r::toString);
        assertTrue(line(r, "mapping").orElseThrow().matches("ok\\s+mapping\\s+888/tcp\\s+888/tcp -> 192\\.0\\.2\\.10:888.*"),
                r::toString);
        assertTrue(line(r, "dns").orElseThrow().contains("blog.lab.test -> 11.7.0.2"), r::toString);
    }

    @Test
    void namesAnUpstreamNatWhenTheInternetSeesAnotherAddress() {
        Path config = config("upstream", "http://11.7.0.1:8081/");
        Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", config.toString(), "forward", "--port", "888"));
        lab.dns("blog.lab.test", "11.7.0.2");

        String first = firstProblem(doctor(config));

        assertTrue(first.matches("problem\\s+ip echo\\s+the internet sees 203\\.0\\.113\\.9 but the router's WAN address is"
                + " 11\\.7\\.0\\.2.*"), first);
        assertTrue(first.contains("no port forwarding on this router can make this host reachable"), first);
    }

    @Test
    void explainsAStaleHostnameByTheLatchedDynamicDns() {
        Path config = config("latched", "http://11.7.0.1:8080/");
        Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", config.toString(), "forward", "--port", "888"));
        lab.dns("blog.lab.test", "11.7.0.99");
        Lab.Result update = lab.homeport("lan", "--config", config.toString(), "ddns", "update");
        assertTrue(update.exitCode() != 0 && update.stderr().contains("badauth"), update::toString);

        String first = firstProblem(doctor(config));

        assertTrue(first.matches("problem\\s+dns\\s+blog\\.lab\\.test\\s+blog\\.lab\\.test resolves to 11\\.7\\.0\\.99, but the"
                + " router's WAN address is 11\\.7\\.0\\.2.*"), first);
        assertTrue(first.contains("latched off") && first.contains("badauth"), first);
        assertTrue(first.contains("-- fix: ") && first.contains("homeport ddns update --force"), first);
    }
}
