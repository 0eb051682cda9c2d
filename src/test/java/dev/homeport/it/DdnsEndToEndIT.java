package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar against a dyndns2 server and an IP-echo service on loopback, run the way cron runs it: exactly one
 * request per address change, none while nothing changes, none once latched. Needs no root and no lab.
 */
@LabFree
class DdnsEndToEndIT {
    private static final String PASSWORD = "e2e-Secret-42";

    @TempDir
    Path dir;
    private MockWebServer server;
    private final List<String> updates = new CopyOnWriteArrayList<>();
    private volatile String echoed = "192.0.2.1";
    private volatile String fixedAnswer;
    private Path jar;

    @BeforeEach
    void start() throws IOException {
        jar = Path.of(System.getProperty("homeport.jar", "target/homeport.jar"));
        Assumptions.assumeTrue(Files.isRegularFile(jar), "the jar " + jar + " is not built (run mvn package)");
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                if (r.getUrl().encodedPath().equals("/ip")) return new MockResponse.Builder().body(echoed + "\n").build();
                if (!r.getUrl().encodedPath().equals("/nic/update")) return new MockResponse.Builder().code(404).build();
                updates.add(r.getUrl().encodedQuery());
                String ip = r.getUrl().queryParameter("myip");
                return new MockResponse.Builder().body((fixedAnswer != null ? fixedAnswer : "good " + ip) + "\n").build();
            }
        });
        server.start();
        Path secret = dir.resolve("ddns.secret");
        Files.writeString(secret, PASSWORD + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        String base = server.url("/").toString().replaceAll("/$", "");
        Path config = dir.resolve("homeport.yaml");
        Files.writeString(config, """
                ddns:
                  provider: dyndns2
                  server: %s
                  hostnames: [savvypetesblog.is-lost.org]
                  username: pete
                  password-file: %s
                  ip-source: url
                  ip-url: %s/ip
                  ip-version: 4
                """.formatted(base, secret, base));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private record Result(int code, String out, String err) {
    }

    private Result homeport(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--config", dir.resolve("homeport.yaml").toString(), "--state-dir", dir.resolve("state").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().remove("HOMEPORT_STATE_DIR");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "homeport finished within a minute");
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void sendsExactlyOneRequestPerAddressChangeAndNoneWhileUnchanged() throws Exception {
        Result first = homeport("ddns", "update");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().startsWith("updated savvypetesblog.is-lost.org to 192.0.2.1"), first.out());
        assertEquals(List.of("hostname=savvypetesblog.is-lost.org&myip=192.0.2.1"), updates);

        Result second = homeport("ddns", "update", "-q");
        assertEquals(0, second.code(), second.err());
        assertEquals("", second.out() + second.err());
        assertEquals(1, updates.size(), "the second run sends nothing");

        echoed = "192.0.2.2";
        Result changed = homeport("ddns", "update", "-q");
        assertEquals(0, changed.code(), changed.err());
        assertEquals(List.of("hostname=savvypetesblog.is-lost.org&myip=192.0.2.1",
                "hostname=savvypetesblog.is-lost.org&myip=192.0.2.2"), updates);
        assertEquals(0, homeport("ddns", "update", "-q").code());
        assertEquals(2, updates.size(), "exactly one more request for one change");

        Result status = homeport("ddns", "status");
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("last answer  'good 192.0.2.2'"), status.out());
        assertTrue(status.out().contains("keep-alive update due"), status.out());
    }

    @Test
    void aLatchSurvivesBetweenRunsAndNoFurtherRequestIsSent() throws Exception {
        fixedAnswer = "badauth";
        Result first = homeport("ddns", "update", "-q");
        assertEquals(9, first.code(), first.err());
        Result second = homeport("ddns", "update", "-q", "-vv");
        assertEquals(9, second.code());
        assertTrue(second.err().contains("latched off") && second.err().contains("'badauth'"), second.err());
        assertEquals(1, updates.size());
        assertTrue(!(first.out() + first.err() + second.out() + second.err()).contains(PASSWORD));
    }

    /**
     * A state directory that cannot be written (immutable, which stops root too; or read-only for another user): the run
     * sends nothing and says so naming the state file, since an update it could not record would go out again every
     * run; once the directory is writable again, the next run sends the update.
     */
    @Test
    void aStateDirectoryThatCannotBeWrittenSendsNothingAndNamesTheStateFile() throws Exception {
        assertEquals(0, homeport("ddns", "update", "-q").code());
        Path state = dir.resolve("state");
        String before = Files.readString(state.resolve("ddns.state"));
        echoed = "192.0.2.2";
        boolean immutable = new ProcessBuilder("chattr", "+i", state.toString()).redirectErrorStream(true).start().waitFor() == 0;
        if (!immutable) Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("r-x------"));
        try {
            boolean writable;
            try {
                Files.delete(Files.createTempFile(state, "probe", ".tmp"));
                writable = true;
            } catch (IOException e) {
                writable = false;
            }
            Assumptions.assumeFalse(writable, "cannot make " + state + " unwritable here (chattr +i refused, and root ignores modes)");
            Result blocked = homeport("ddns", "update");
            assertEquals(13, blocked.code(), blocked.err());
            List<String> errors = blocked.err().lines().filter(l -> l.startsWith("error: ")).toList();
            assertEquals(1, errors.size(), blocked.err());
            assertTrue(errors.get(0).startsWith("error: cannot write state file " + state.resolve("ddns.state"))
                    && errors.get(0).contains("nothing was sent to the provider"), errors.get(0));
            assertEquals(1, updates.size(), "no update went out that could not be recorded");
            assertEquals(before, Files.readString(state.resolve("ddns.state")));
        } finally {
            if (immutable) new ProcessBuilder("chattr", "-i", state.toString()).start().waitFor();
            else Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        }
        assertEquals(0, homeport("ddns", "update", "-q").code());
        assertEquals(2, updates.size(), "writable again: the next run sends the update");
    }
}
