package dev.homeport.upnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.HomeportException;
import dev.homeport.net.HttpClients;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jupnp.model.message.StreamRequestMessage;
import org.jupnp.model.message.StreamResponseMessage;
import org.jupnp.model.message.UpnpRequest;

class DescriptionTest {
    private final OkHttpClient http = HttpClients.create("test");
    private MockWebServer server;
    private MockWebServer entityServer;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        entityServer = new MockWebServer();
        entityServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
        entityServer.close();
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = DescriptionTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Gateway choose(String url, String xml) throws IOException {
        GatewaySelector.Choice c = GatewaySelector.choose(DescriptionParser.parse(url, xml), "192.0.2.10");
        return c.gateway().orElseThrow(() -> new AssertionError(c.reason()));
    }

    @Test
    void miniupnpdIgd2DescriptionGivesWanIpConnection2() throws IOException {
        Gateway g = choose("http://192.0.2.1:5000/rootDesc.xml", fixture("igd2-miniupnpd.xml"));

        assertEquals(2, g.igdVersion());
        assertEquals("urn:schemas-upnp-org:service:WANIPConnection:2", g.serviceType());
        assertEquals("http://192.0.2.1:5000/ctl/IPConn", g.controlUrl());
        assertEquals("Lab Router", g.friendlyName());
        assertEquals("uuid:51b83fa1-fc82-479a-a58f-030edeb813c1", g.udn());
        assertEquals("UPnP IGD:2 on Lab Router", g.describe());
    }

    @Test
    void igd1DescriptionResolvesAgainstUrlBaseAndPrefersIpOverPpp() throws IOException {
        Gateway g = choose("http://192.168.1.1:49000/igddesc.xml", fixture("igd1-urlbase.xml"));

        assertEquals(1, g.igdVersion());
        assertEquals("urn:schemas-upnp-org:service:WANIPConnection:1", g.serviceType());
        assertEquals("http://192.168.1.1:49000/upnp/control/WANIPConn1", g.controlUrl());
        assertEquals("Acme", g.manufacturer());
        assertEquals("HG 1000", g.modelName());
    }

    @Test
    void pppOnlyDescriptionUsesWanPppConnection() throws IOException {
        Gateway g = choose("http://192.168.1.1/desc.xml", fixture("igd1-ppp-only.xml"));

        assertEquals("urn:schemas-upnp-org:service:WANPPPConnection:1", g.serviceType());
        assertEquals("http://192.168.1.1/upnp/control/WANPPPConn1", g.controlUrl());
        assertEquals("WANPPPConnection", g.serviceName());
    }

    @Test
    void controlUrlOnAnotherHostIsRefused() throws IOException {
        GatewaySelector.Choice c = GatewaySelector.choose(
                DescriptionParser.parse("http://192.168.1.1/desc.xml", fixture("igd1-offhost-control.xml")), "192.168.1.20");

        assertTrue(c.gateway().isEmpty());
        assertTrue(c.reason().contains("203.0.113.9"), c.reason());
    }

    @Test
    void aDeviceThatIsNotAnIgdIsNotAGateway() throws IOException {
        String tv = "<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device><deviceType>urn:schemas-upnp-org:device:MediaRenderer:1"
                + "</deviceType><friendlyName>TV</friendlyName></device></root>";

        GatewaySelector.Choice c = GatewaySelector.choose(DescriptionParser.parse("http://192.168.1.7/d.xml", tv), "192.168.1.20");

        assertTrue(c.gateway().isEmpty());
        assertTrue(c.reason().contains("not an Internet Gateway Device"), c.reason());
    }

    @Test
    void malformedDescriptionIsRefused() {
        String broken = "<?xml version=\"1.0\"?><root><device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</device";

        SafeXml.XmlRefusedException e = assertThrows(SafeXml.XmlRefusedException.class,
                () -> DescriptionParser.parse("http://192.168.1.1/d.xml", broken));

        assertTrue(e.getMessage().startsWith("malformed description"), e.getMessage());
    }

    @Test
    void chunkedDescriptionIsRead() throws IOException {
        server.enqueue(new MockResponse.Builder().chunkedBody(fixture("igd2-miniupnpd.xml"), 97).build());

        DeviceDescription d = new DescriptionFetcher(http).fetch(server.url("/rootDesc.xml").toString());

        assertEquals("Lab Router", d.root().friendlyName());
        assertEquals(server.url("/ctl/IPConn").toString(), d.root().devices().get(0).devices().get(0).services().get(0).controlUrl());
    }

    @Test
    void theServerHeaderTheDescriptionCameWithStaysWithTheGatewayOneLineAndVisible() throws IOException {
        server.enqueue(new MockResponse.Builder().setHeader("Server", "Debian/12 UPnP/1.1 MiniUPnPd/2.3.1")
                .body(fixture("igd2-miniupnpd.xml")).build());
        server.enqueue(new MockResponse.Builder().addHeaderLenient("Server", "Linux/4.4 UPnP/1.0 R7000\u001b[2J")
                .body(fixture("igd2-miniupnpd.xml")).build());
        server.enqueue(new MockResponse.Builder().body(fixture("igd2-miniupnpd.xml")).build());
        String url = server.url("/rootDesc.xml").toString();

        Gateway mini = GatewaySelector.choose(new DescriptionFetcher(http).fetch(url), "192.0.2.10").gateway().orElseThrow();
        Gateway other = GatewaySelector.choose(new DescriptionFetcher(http).fetch(url), "192.0.2.10").gateway().orElseThrow();
        Gateway none = GatewaySelector.choose(new DescriptionFetcher(http).fetch(url), "192.0.2.10").gateway().orElseThrow();

        assertEquals("Debian/12 UPnP/1.1 MiniUPnPd/2.3.1", mini.server());
        assertTrue(mini.refusesLowPortPinholes());
        assertEquals("Linux/4.4 UPnP/1.0 R7000\\x1b[2J", other.server());
        assertFalse(other.refusesLowPortPinholes());
        assertEquals("", none.server());
        assertFalse(none.refusesLowPortPinholes());
    }

    @Test
    void oversizedDescriptionIsRefusedWithOrWithoutContentLength() {
        String huge = "<root>" + "x".repeat(300 * 1024) + "</root>";
        server.enqueue(new MockResponse.Builder().body(huge).build());
        server.enqueue(new MockResponse.Builder().chunkedBody(huge, 8192).build());
        DescriptionFetcher fetcher = new DescriptionFetcher(http);

        UpnpException withLength = assertThrows(UpnpException.class, () -> fetcher.fetch(server.url("/a.xml").toString()));
        UpnpException chunked = assertThrows(UpnpException.class, () -> fetcher.fetch(server.url("/b.xml").toString()));

        assertTrue(withLength.getMessage().contains("larger than 262144"), withLength.getMessage());
        assertTrue(chunked.getMessage().contains("larger than 262144"), chunked.getMessage());
        assertEquals(HomeportException.Kind.NO_ROUTER, chunked.kind());
    }

    @Test
    void redirectIsNotFollowed() {
        server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", entityServer.url("/x").toString()).build());

        UpnpException e = assertThrows(UpnpException.class,
                () -> new DescriptionFetcher(http).fetch(server.url("/rootDesc.xml").toString()));

        assertTrue(e.getMessage().contains("redirects"), e.getMessage());
        assertEquals(0, entityServer.getRequestCount());
    }

    private String xxeDescription(Path secret) {
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE root [\n  <!ENTITY file SYSTEM \"" + secret.toUri() + "\">\n"
                + "  <!ENTITY remote SYSTEM \"" + entityServer.url("/entity") + "\">\n]>\n"
                + "<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device>"
                + "<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
                + "<friendlyName>&file;&remote;</friendlyName><UDN>uuid:x</UDN><serviceList><service>"
                + "<serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType><controlURL>/ctl</controlURL>"
                + "<SCPDURL>/scpd.xml</SCPDURL></service></serviceList></device></root>";
    }

    @Test
    void xxeDescriptionIsRefusedBeforeParsingAndNoEntityIsFetched() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET-42");
        server.enqueue(new MockResponse.Builder().body(xxeDescription(secret)).build());

        UpnpException e = assertThrows(UpnpException.class,
                () -> new DescriptionFetcher(http).fetch(server.url("/rootDesc.xml").toString()));

        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(e.getMessage().contains("TOP-SECRET-42"));
        assertEquals(0, entityServer.getRequestCount(), "the external entity was never fetched");
    }

    @Test
    void xxeDescriptionNeverReachesJupnpsParserThroughTheStreamClient() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET-42");
        server.enqueue(new MockResponse.Builder().body(xxeDescription(secret)).build());
        SsdpGuard guard = new SsdpGuard(a -> true);
        guard.trust(server.url("/").host());
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            OkHttpStreamClient client = new OkHttpStreamClient(new OkHttpStreamClient.Configuration(pool, 3), http, guard);

            StreamResponseMessage r = client.sendRequest(new StreamRequestMessage(UpnpRequest.Method.GET,
                    server.url("/rootDesc.xml").uri()));

            assertNull(r, "jUPnP gets no description to parse");
            assertEquals(1, server.getRequestCount());
            assertEquals(0, entityServer.getRequestCount());
            assertTrue(guard.refusals().stream().anyMatch(s -> s.contains("DOCTYPE")), guard.refusals().toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void streamClientFetchesOnlyFromHostsThatAnsweredTheSearch() throws Exception {
        SsdpGuard guard = new SsdpGuard(a -> true);
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            OkHttpStreamClient client = new OkHttpStreamClient(new OkHttpStreamClient.Configuration(pool, 3), http, guard);

            StreamResponseMessage r = client.sendRequest(new StreamRequestMessage(UpnpRequest.Method.GET,
                    server.url("/rootDesc.xml").uri()));

            assertNull(r);
            assertEquals(0, server.getRequestCount());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void streamClientReturnsABelievedHostsDescription() throws Exception {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/xml").body(fixture("igd2-miniupnpd.xml")).build());
        SsdpGuard guard = new SsdpGuard(a -> true);
        guard.trust(server.url("/").host());
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            OkHttpStreamClient client = new OkHttpStreamClient(new OkHttpStreamClient.Configuration(pool, 3), http, guard);

            StreamResponseMessage r = client.sendRequest(new StreamRequestMessage(UpnpRequest.Method.GET,
                    server.url("/rootDesc.xml").uri()));

            assertEquals(200, r.getOperation().getStatusCode());
            assertTrue(r.getBodyString().contains("Lab Router"));
        } finally {
            pool.shutdownNow();
        }
    }
}
