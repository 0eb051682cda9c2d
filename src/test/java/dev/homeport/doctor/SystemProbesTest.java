package dev.homeport.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real adapters, against loopback and stand-in tools only. */
class SystemProbesTest {
    @TempDir
    Path bin;

    private void tool(String name, String script) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void seesALoopbackServerSocketInProcNet() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<Sockets.Listener> l = new ProcNetSockets(Path.of("/proc/net"), ByteOrder.nativeOrder()).listening(Protocol.TCP);
            assertTrue(l.contains(new Sockets.Listener("127.0.0.1", s.getLocalPort())), l::toString);
        }
    }

    @Test
    void runsTheFirewallToolsAndSortsTheirOutcomes() throws IOException {
        tool("nft", "echo 'table inet filter {'; echo '}'");
        tool("iptables-save", "echo 'iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied"
                + " (you must be root)' >&2; exit 4");
        List<Firewall.Dump> dumps = new SystemFirewall(List.of(bin), Duration.ofSeconds(5)).read();
        assertEquals(List.of("ufw", "nft", "iptables"), dumps.stream().map(Firewall.Dump::tool).toList());
        assertEquals(Firewall.Outcome.MISSING, dumps.get(0).outcome());
        assertEquals(Firewall.Outcome.TEXT, dumps.get(1).outcome());
        assertEquals("table inet filter {\n}\n", dumps.get(1).text());
        assertEquals(Firewall.Outcome.NOT_PERMITTED, dumps.get(2).outcome());
    }

    @Test
    void givesUpOnAToolThatHangs() throws IOException {
        tool("nft", "sleep 30");
        long start = System.nanoTime();
        Firewall.Dump nft = new SystemFirewall(List.of(bin), Duration.ofMillis(300)).read().get(1);
        assertEquals(Firewall.Outcome.FAILED, nft.outcome());
        assertTrue(nft.text().contains("did not finish"), nft.text());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "not stuck on the hung tool");
    }

    @Test
    void resolvesLocalhostThroughTheSystemResolver() {
        Resolver.Lookup l = new SystemResolver(Duration.ofSeconds(5)).resolve("localhost");
        assertTrue(l.failure().isEmpty(), l::toString);
        assertTrue(l.ipv4().contains("127.0.0.1") || l.ipv6().contains("0:0:0:0:0:0:0:1"), l::toString);
    }

    @Test
    void fetchesOverHttpAndReportsRefusedConnections() throws IOException {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(200).body("11.7.0.2\n").build());
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            OkHttpWeb web = new OkHttpWeb(new OkHttpClient());
            Web.Fetch f = web.get(server.url("/ip").toString());
            assertEquals(200, f.status());
            assertEquals("11.7.0.2\n", f.body());
            int port = server.getPort();
            server.close();
            Web.Fetch refused = web.get("http://127.0.0.1:" + port + "/");
            assertFalse(refused.answered());
            assertEquals(0, refused.status());
        }
    }

    @Test
    void refusesANonUrlWithoutThrowing() {
        Web.Fetch f = new OkHttpWeb(new OkHttpClient()).get("not a url");
        assertEquals(java.util.Optional.of("not a valid URL: not a url"), f.failure());
    }
}
