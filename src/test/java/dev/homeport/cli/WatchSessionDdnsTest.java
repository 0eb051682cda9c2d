package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.config.ConfigLocator;
import dev.homeport.net.Ipv6Local;
import dev.homeport.net.LocalNetwork;
import dev.homeport.reassert.DnsResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import dev.homeport.watch.Watcher;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeport watch} keeps dynamic DNS by the same rules as {@code reassert}, the AAAA record included. */
class WatchSessionDdnsTest {
    /** The lab Pi's addresses as the kernel lists them: a temporary one, the stable one, a link-local one. */
    private static final String IF_INET6 = """
            20010db8000100005d3aa1f2b3c4d5e6 02 40 00 01 hp-eth0
            20010db8000100000000000000000010 02 40 00 00 hp-eth0
            fe80000000000000bcc552fffefa38a3 02 40 20 80 hp-eth0
            """;

    @TempDir
    Path dir;

    @Test
    void watchRegistersTheHostsStableIpv6AddressBesideTheRoutersAsReassertDoes() throws Exception {
        Files.writeString(dir.resolve("if_inet6"), IF_INET6);
        Files.writeString(dir.resolve("ipv6_route"), "");
        Path route = Files.writeString(dir.resolve("route"), "Iface\tDestination\tGateway\n");
        Path secret = Files.writeString(dir.resolve("ddns.secret"), "s3cret-pass\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path config = Files.writeString(dir.resolve("homeport.yaml"), "ddns:\n  provider: dyndns2\n"
                + "  server: http://127.0.0.1:8245\n  hostnames: [pi.example.org]\n  username: pete\n"
                + "  password-file: " + secret + "\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Services services = new Services(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true),
                Map.of(), Clock.systemUTC(), home, ConfigLocator.of(home, dir.resolve("etc"), Map.of()), new LocalNetwork(route),
                new Ipv6Local(dir.resolve("if_inet6"), dir.resolve("ipv6_route")));
        GlobalOptions global = new GlobalOptions();
        global.setConfig(config);
        global.setStateDir(dir.resolve("state"));

        WatchSession session = new WatchSession(services, global, true, Duration.ZERO);
        DnsResult dry = session.dns().orElseThrow().update(() -> "203.0.113.7", true);

        assertEquals(DnsResult.Status.UPDATED, dry.status(), dry.message());
        assertTrue(dry.message().contains("myip=203.0.113.7,2001:db8:1::10"), dry.message());
    }

    @Test
    void aDnsOnlyConfigWithAnIpUrlIsKeptWithoutAskingARouter() throws Exception {
        try (MockWebServer provider = new MockWebServer()) {
            AtomicInteger updates = new AtomicInteger();
            provider.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest r) {
                    if (r.getUrl().encodedPath().equals("/ip")) return new MockResponse.Builder().body("203.0.113.7").build();
                    updates.incrementAndGet();
                    return new MockResponse.Builder().body("good 203.0.113.7\n").build();
                }
            });
            provider.start();
            String base = provider.url("/").toString().replaceAll("/$", "");
            Path route = Files.writeString(dir.resolve("route"), "Iface\tDestination\tGateway\n");
            Path secret = Files.writeString(dir.resolve("ddns.secret"), "s3cret-pass\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Path config = Files.writeString(dir.resolve("homeport.yaml"), "ddns:\n  provider: dyndns2\n  server: " + base + "\n"
                    + "  hostnames: [pi.example.org]\n  username: pete\n  password-file: " + secret + "\n  ip-source: url\n"
                    + "  ip-url: " + base + "/ip\n  ip-version: 4\n");
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            Path home = Files.createDirectories(dir.resolve("home"));
            StringWriter out = new StringWriter();
            // No route at all: a router could not even be looked for.
            Services services = new Services(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), Map.of(),
                    Clock.systemUTC(), home, ConfigLocator.of(home, dir.resolve("etc"), Map.of()), new LocalNetwork(route));
            GlobalOptions global = new GlobalOptions();
            global.setConfig(config);
            global.setStateDir(dir.resolve("state"));
            WatchSession session = new WatchSession(services, global, true, Duration.ZERO);

            Watcher.Outcome first = session.reconcile(new Watcher.Reason(Watcher.Reason.Kind.START, "start", Optional.empty()));
            Watcher.Outcome second = session.reconcile(new Watcher.Reason(Watcher.Reason.Kind.PERIODIC, "check", Optional.empty()));

            assertEquals(Watcher.Outcome.DONE, first, out::toString);
            assertEquals(Watcher.Outcome.DONE, second, out::toString);
            assertTrue(out.toString().startsWith("dns: updated pi.example.org to 203.0.113.7"), out.toString());
            assertEquals(1, updates.get(), "once: the second check finds it unchanged");
        }
    }
}
