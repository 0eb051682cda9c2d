package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 in the lab: {@code ddns update} on the Pi asks the real router (miniupnpd) for its WAN address and registers
 * it with a dyndns2 server on the lab's internet side, once per change; an IP-echo service that sees another address
 * (double NAT) stops it. The fake provider also answers {@code /ip} with the caller's address, as IP-echo services do.
 */
class DdnsLabIT {
    static final String FAKE_DYNDNS2 = """
            import http.server, sys, urllib.parse
            log = sys.argv[2]
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    u = urllib.parse.urlsplit(self.path)
                    if u.path == "/ip":
                        body = (self.client_address[0] + "\\n").encode()
                        self.send_response(200)
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self.wfile.write(body)
                        return
                    with open(log, "a") as f:
                        f.write(u.query + "\\n")
                    ip = urllib.parse.parse_qs(u.query).get("myip", [""])[0]
                    body = ("good " + ip + "\\n").encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *a):
                    pass
            http.server.ThreadingHTTPServer(("0.0.0.0", int(sys.argv[1])), H).serve_forever()
            """;
    private static Lab lab;
    private static Path requests;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() throws Exception {
        lab = Lab.up();
        Path script = lab.tempFile("fake-dyndns2-", ".py");
        Files.writeString(script, FAKE_DYNDNS2);
        requests = lab.tempFile("dyndns2-requests-", ".log");
        startProvider(lab, script, requests);
    }

    static void startProvider(Lab lab, Path script, Path log) throws Exception {
        Path errors = lab.tempFile("fake-dyndns2-", ".err");
        Process p = lab.start("wan", "sh", "-c", "exec python3 \"$0\" 8245 \"$1\" 2>\"$2\"", script.toString(), log.toString(),
                errors.toString());
        for (int i = 0; i < 100 && p.isAlive(); i++) {
            if (lab.exec("wan", "curl", "-fsS", "-o", "/dev/null", "-m", "1", "http://127.0.0.1:8245/nic/update?probe").ok()) {
                Files.writeString(log, "");
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("the fake dyndns2 server did not start in the lab's wan namespace: "
                + Files.readString(errors));
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    @BeforeEach
    void fresh() throws IOException {
        Cli.clear(lab.stateDir("lan"));
        Files.writeString(requests, "");
    }

    static Path config(Path dir, Lab lab, String wanHost, String extra) throws IOException {
        Path secret = dir.resolve("ddns.secret");
        Files.writeString(secret, "lab-secret\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("homeport.yaml");
        Files.writeString(config, """
                router:
                  via: upnp
                  url: %s
                ddns:
                  provider: dyndns2
                  server: http://%s:8245
                  insecure: true
                  hostnames: [savvypetesblog.is-lost.org]
                  username: pete
                  password-file: %s
                %s""".formatted(lab.descriptionUrl(), wanHost, secret, extra));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        return config;
    }

    private static List<String> received() throws IOException {
        return Files.readAllLines(requests).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void registersTheRoutersWanAddressOnceAndAgainOnlyAfterItChanges() throws Exception {
        // IPv4 only: the lab's Pi also has a stable IPv6 address, whose AAAA record Ipv6IT covers.
        String cfg = config(dir, lab, "11.7.0.1", "  ip-version: 4\n").toString();
        Lab.Result first = Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", cfg, "ddns", "update"));
        assertTrue(first.stdout().startsWith("updated savvypetesblog.is-lost.org to " + lab.wanAddress()), first.toString());
        assertEquals(List.of("hostname=savvypetesblog.is-lost.org&myip=" + lab.wanAddress()), received());

        Lab.Result second = Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", cfg, "ddns", "update", "-q"));
        assertEquals("", second.stdout() + second.stderr());
        assertEquals(1, received().size(), "nothing sent while the address is unchanged");

        lab.setWan("11.7.0.7");
        try {
            Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", cfg, "ddns", "update", "-q"));
            Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", cfg, "ddns", "update", "-q"));
            assertEquals(List.of("hostname=savvypetesblog.is-lost.org&myip=11.7.0.2", "hostname=savvypetesblog.is-lost.org&myip=11.7.0.7"),
                    received(), "exactly one more request for the new address");
        } finally {
            lab.setWan("11.7.0.2");
        }
    }

    @Test
    void anEchoServiceSeeingAnotherAddressMeansDoubleNatAndNothingIsSent() throws Exception {
        lab.serveHttp("wan", "11.7.0.1", 8080, "203.0.113.5\n");
        String cfg = config(dir, lab, "11.7.0.1", "  ip-url: http://11.7.0.1:8080/\n").toString();
        Lab.Result r = Cli.expectExit(10, lab.homeport("lan", "--config", cfg, "ddns", "update"));
        String error = Cli.oneErrorLine(r);
        assertTrue(error.contains("double NAT") && error.contains(lab.wanAddress()) && error.contains("203.0.113.5"), error);
        assertEquals(List.of(), received());
    }
}
