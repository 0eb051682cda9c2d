package dev.homeport.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.HomeportException;
import dev.homeport.net.HttpClients;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the address comes from: an IP-echo page, the router, and the double-NAT check when both are configured. */
class PublicAddressTest {
    private final OkHttpClient http = HttpClients.create("test");
    private MockWebServer echo;

    @BeforeEach
    void start() throws Exception {
        echo = new MockWebServer();
        echo.start();
    }

    @AfterEach
    void stop() {
        echo.close();
    }

    private String echoUrl() {
        return echo.url("/ip").toString();
    }

    @Test
    void takesTheFirstValidAddressOfAnEchoPage() {
        echo.enqueue(new MockResponse.Builder().body("<html><body>Current IP Address: 203.0.113.9</body></html>").build());
        assertEquals("203.0.113.9", new EchoAddressSource(http, echoUrl()).address());
        assertEquals(Optional.of("192.0.2.2"), EchoAddressSource.first("999.1.1.1 192.0.2.2 192.0.2.3"));
        assertEquals(Optional.empty(), EchoAddressSource.first("version 1.2.3.4.5"));
    }

    @Test
    void anEchoPageWithoutAnAddressIsADdnsFailure() {
        echo.enqueue(new MockResponse.Builder().body("rate limited").build());
        DdnsException e = assertThrows(DdnsException.class, () -> new EchoAddressSource(http, echoUrl()).address());
        assertEquals(HomeportException.Kind.DDNS_FAILED, e.kind());
        assertTrue(e.getMessage().contains("'rate limited'"), e.getMessage());
    }

    @Test
    void anEchoServerErrorIsADdnsFailure() {
        echo.enqueue(new MockResponse.Builder().code(502).body("192.0.2.50").build());
        DdnsException e = assertThrows(DdnsException.class, () -> new EchoAddressSource(http, echoUrl()).address());
        assertTrue(e.getMessage().contains("HTTP 502"), e.getMessage());
    }

    @Test
    void agreeingSourcesGiveTheAddress() {
        echo.enqueue(new MockResponse.Builder().body("198.51.100.7\n").build());
        PublicAddress p = new PublicAddress(AddressSource.fixed("198.51.100.7", "the router's WAN address"),
                Optional.of(new EchoAddressSource(http, echoUrl())));
        assertEquals("198.51.100.7", p.get());
    }

    @Test
    void disagreeingSourcesMeanDoubleNatAndNoUpdate() {
        echo.enqueue(new MockResponse.Builder().body("198.51.100.7").build());
        PublicAddress p = new PublicAddress(AddressSource.fixed("100.64.3.4", "the router's WAN address"),
                Optional.of(new EchoAddressSource(http, echoUrl())));
        DdnsException e = assertThrows(DdnsException.class, p::get);
        assertEquals(HomeportException.Kind.DDNS_FAILED, e.kind());
        assertTrue(e.getMessage().contains("double NAT"), e.getMessage());
        assertTrue(e.getMessage().contains("100.64.3.4") && e.getMessage().contains("198.51.100.7"), e.getMessage());
        assertTrue(e.getMessage().contains("carrier-grade NAT"), e.getMessage());
    }
}
