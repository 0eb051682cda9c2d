package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.homeport.config.ConfigLocator;
import dev.homeport.logging.Logback;
import dev.homeport.net.LocalNetwork;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeport ddns} run in-process as a user would: exit codes, stdout, stderr, logs, requests received. */
class DdnsCommandTest {
    private static final String PASSWORD = "Tr0ub4dor&3-horse";
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

    @TempDir
    Path dir;
    private MockWebServer server;
    private final AtomicInteger updates = new AtomicInteger();
    private volatile String answer = "good 192.0.2.1";
    private volatile String echoed = "192.0.2.1";
    private Path secret;
    private Path config;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                if (r.getUrl().encodedPath().equals("/ip")) return new MockResponse.Builder().body(echoed).build();
                updates.incrementAndGet();
                return new MockResponse.Builder().body(answer + "\n").build();
            }
        });
        server.start();
        secret = dir.resolve("ddns.secret");
        Files.writeString(secret, PASSWORD + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        config = writeConfig("""
                ddns:
                  provider: dyndns2
                  server: %s
                  hostnames: [savvypetesblog.is-lost.org]
                  username: pete
                  password-file: %s
                  ip-source: url
                  ip-url: %s
                """.formatted(base(), secret, base() + "/ip"));
        logs = new ListAppender<>();
        logs.start();
        Logback.context().getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
    }

    @AfterEach
    void stop() {
        Logback.context().getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logs);
        server.close();
    }

    private String base() {
        String u = server.url("/").toString();
        return u.substring(0, u.length() - 1);
    }

    private Path writeConfig(String yaml) throws Exception {
        Path p = dir.resolve("homeport.yaml");
        Files.writeString(p, yaml);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    /** One run: exit code, stdout, stderr (including what logback wrote to System.err). */
    private record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Run run(String... args) {
        return run(LocalNetwork.system(), args);
    }

    private Run run(LocalNetwork network, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream realErr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        int code;
        try {
            Services services = new Services(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(),
                    Clock.fixed(NOW, ZoneOffset.UTC), dir, new ConfigLocator(dir, dir.resolve("etc")), network);
            String[] full = new String[args.length + 4];
            full[0] = "--config";
            full[1] = config.toString();
            full[2] = "--state-dir";
            full[3] = dir.resolve("state").toString();
            System.arraycopy(args, 0, full, 4, args.length);
            code = Main.run(services, full);
            services.close();
        } finally {
            System.setErr(realErr);
        }
        return new Run(code, out.toString(), err + console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void reassertOfADdnsOnlyConfigWithAnIpUrlUpdatesDnsWithoutAskingARouter() throws Exception {
        // A home whose router was opened by hand: the installed timer's reassert keeps DNS. This host has no route at
        // all here, so asking a router would fail with exit 4 (no router) before DNS.
        Path noRoute = Files.writeString(dir.resolve("route"), "Iface\tDestination\tGateway\n");
        LocalNetwork none = new LocalNetwork(noRoute);

        Run first = run(none, "reassert");
        assertEquals(0, first.code(), first.all());
        assertEquals("dns: updated savvypetesblog.is-lost.org to 192.0.2.1 (first update; provider answered 'good 192.0.2.1')\n",
                first.out());
        assertEquals(1, updates.get());
        Run again = run(none, "reassert", "-v");
        assertEquals(0, again.code(), again.all());
        assertTrue(again.out().startsWith("router: none (the config forwards nothing)\n"), again.out());
        assertEquals(1, updates.get(), "nothing sent while the address is unchanged");
        Run json = run(none, "reassert", "--json");
        assertTrue(json.out().contains("\"thisHost\":null"), json.out());

        writeConfig(Files.readString(config).replace("ip-source: url", "ip-source: router"));
        assertEquals(ExitCodes.NO_ROUTER, run(none, "reassert", "-q").code(), "the address from the router needs one");
    }

    @Test
    void registersOnceThenSaysUnchangedAndIsSilentWithQuiet() {
        Run first = run("ddns", "update");
        assertEquals(0, first.code(), first.all());
        assertEquals("updated savvypetesblog.is-lost.org to 192.0.2.1 (first update; provider answered 'good 192.0.2.1')\n",
                first.out());
        Run second = run("ddns", "update");
        assertEquals(0, second.code(), second.all());
        assertTrue(second.out().startsWith("unchanged: savvypetesblog.is-lost.org already points at 192.0.2.1"), second.out());
        Run quiet = run("ddns", "update", "-q");
        assertEquals(0, quiet.code());
        assertEquals("", quiet.out());
        assertEquals("", quiet.err());
        assertEquals(1, updates.get());
    }

    @Test
    void aNewAddressIsSentExactlyOnce() {
        run("ddns", "update", "-q");
        echoed = "192.0.2.77";
        answer = "good 192.0.2.77";
        assertEquals(0, run("ddns", "update", "-q").code());
        assertEquals(0, run("ddns", "update", "-q").code());
        assertEquals(2, updates.get());
    }

    @Test
    void latchedExitsNineSaysWhyAndSendsNothingMore() {
        answer = "badauth";
        Run first = run("ddns", "update", "-q");
        assertEquals(ExitCodes.DDNS_BLOCKED, first.code());
        assertTrue(first.err().contains("error: ddns is latched off since 2026-11-27 09:00 UTC: the provider answered 'badauth'"
                + " (the user name or password was refused)"), first.err());
        assertTrue(first.err().contains("hint: ") && first.err().contains("homeport ddns update --force"), first.err());
        Run again = run("ddns", "update", "-q");
        assertEquals(ExitCodes.DDNS_BLOCKED, again.code());
        assertTrue(again.err().contains("'badauth'"), again.err());
        assertEquals(1, updates.get());
        Run status = run("ddns", "status");
        assertEquals(0, status.code());
        assertTrue(status.out().contains("next         nothing is sent: latched off"), status.out());
        assertTrue(status.out().contains("to clear     ") && status.out().contains("--force"), status.out());
        answer = "good 192.0.2.1";
        assertEquals(0, run("ddns", "update", "--force", "-q").code());
        assertEquals(2, updates.get());
    }

    @Test
    void providerTroubleHoldsWithExitNine() {
        answer = "911";
        Run r = run("ddns", "update");
        assertEquals(ExitCodes.DDNS_BLOCKED, r.code());
        assertTrue(r.err().contains("held until 2026-11-27 09:30 UTC"), r.err());
    }

    @Test
    void anUnknownAnswerFailsWithExitTenShowingIt() {
        answer = "WAT is this";
        Run r = run("ddns", "update");
        assertEquals(ExitCodes.DDNS_FAILED, r.code());
        assertTrue(r.err().contains("unexpected answer 'WAT is this'"), r.err());
    }

    @Test
    void refusesACgnatAddressWithExitTen() {
        Run r = run("ddns", "update", "--ip", "100.64.0.9");
        assertEquals(ExitCodes.DDNS_FAILED, r.code());
        assertTrue(r.err().contains("carrier-grade NAT"), r.err());
        assertTrue(r.err().contains("could not reach this host from the internet"), r.err());
        assertEquals(0, updates.get());
    }

    @Test
    void refusesAMalformedIpOptionAsUsage() {
        Run r = run("ddns", "update", "--ip", "192.0.2.300");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("error: --ip: '192.0.2.300' is not an IPv4 address"), r.err());
    }

    @Test
    void refusesAWorldReadableSecretFileWithExitThree() throws Exception {
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        Run r = run("ddns", "update");
        assertEquals(ExitCodes.CONFIG, r.code());
        assertTrue(r.err().contains("ddns.password-file: secret file " + secret + " can be read or changed by other users"), r.err());
        assertTrue(r.err().contains("hint: run 'chmod 600 " + secret + "'"), r.err());
        assertFalse(r.all().contains(PASSWORD));
        assertEquals(0, updates.get());
    }

    @Test
    void refusesAConfigFileOthersCanReadWithExitThree() throws Exception {
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        Run r = run("ddns", "update");
        assertEquals(ExitCodes.CONFIG, r.code());
        assertTrue(r.err().contains("hint: run 'chmod 600 " + config + "'"), r.err());
        assertEquals(0, updates.get());
    }

    @Test
    void aConfigWithoutDdnsSectionIsAConfigError() throws Exception {
        writeConfig("""
                forwards:
                  - name: blog
                    port: 888
                """);
        Run r = run("ddns", "status");
        assertEquals(ExitCodes.CONFIG, r.code());
        assertTrue(r.err().contains("ddns: no 'ddns:' section"), r.err());
    }

    @Test
    void ddnsWithoutSubcommandIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("ddns").code());
    }

    @Test
    void statusTellsTheLastAnswerWhenTheAddressAndTheKeepAlive() {
        run("ddns", "update", "-q");
        Run r = run("ddns", "status");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("hostname     savvypetesblog.is-lost.org: 192.0.2.1 since 2026-11-27 09:00 UTC"), r.out());
        assertTrue(r.out().contains("last answer  'good 192.0.2.1' at 2026-11-27 09:00 UTC (sent 192.0.2.1)"), r.out());
        assertTrue(r.out().contains("next         an update is sent when the address changes; keep-alive update due"
                + " 2026-12-22 09:00 UTC"), r.out());
        Run json = run("ddns", "status", "--json");
        assertEquals(1, json.out().lines().count());
        assertTrue(json.out().contains("\"lastAnswer\":\"good 192.0.2.1\""), json.out());
        assertTrue(json.out().contains("\"step\":\"on_change\",\"at\":\"2026-12-22T09:00:00Z\""), json.out());
    }

    @Test
    void theSecretNeverAppearsInOutputOrLogsEvenWithVeryVerbose() {
        String basic = Base64.getEncoder().encodeToString(("pete:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        StringBuilder everything = new StringBuilder();
        everything.append(run("ddns", "update", "--dry-run", "-vv").all());
        everything.append(run("ddns", "update", "-vv").all());
        everything.append(run("ddns", "update", "-vv", "--force").all());
        answer = "badauth for pete:" + PASSWORD;
        everything.append(run("ddns", "update", "-vv", "--force").all());
        everything.append(run("ddns", "update", "-vv").all());
        everything.append(run("ddns", "status", "-vv").all());
        everything.append(run("ddns", "status", "--json", "-vv").all());
        logs.list.forEach(e -> everything.append(e.getFormattedMessage()).append('\n'));
        String text = everything.toString();
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("GET http")), "-vv traces the requests");
        assertTrue(text.contains("DEBUG ProviderHttp: GET http"), "the traces reach stderr, where this test looks too");
        assertTrue(text.contains("/nic/update?hostname=savvypetesblog.is-lost.org&myip=192.0.2.1"), text);
        assertFalse(text.contains(PASSWORD), text);
        assertFalse(text.contains(basic), text);
        assertEquals(3, updates.get());
    }
}
