package dev.homeport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

    @Test
    void plainClientTalksHttpWithItsUserAgent() throws IOException, InterruptedException {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().body("ok").build());
            server.start();
            OkHttpClient plain = HttpClients.create("1.2.3");
            try (Response r = plain.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
                assertEquals("ok", r.body().string());
            }
            assertEquals("homeport/1.2.3 " + HttpClients.CONTACT_URL, server.takeRequest().getHeaders().get("User-Agent"));
        }
    }

    @Test
    void plainClientRefusesHttpsInsteadOfSendingItInTheClear() {
        OkHttpClient plain = HttpClients.create("1");
        assertThrows(IllegalStateException.class,
                () -> plain.newCall(new Request.Builder().url("https://127.0.0.1:1/").build()).execute());
    }

    @Test
    void tlsVariantSpeaksHttpsAndSharesPoolAndThreads() {
        OkHttpClient plain = HttpClients.create("1");
        OkHttpClient tls = HttpClients.withTls(plain);
        assertNotNull(tls.sslSocketFactory());
        assertSame(plain.connectionPool(), tls.connectionPool());
        assertSame(plain.dispatcher(), tls.dispatcher());
        assertEquals(plain.interceptors(), tls.interceptors());
        assertEquals(false, tls.followRedirects());
        assertFalse(plain.fastFallback(), "a router has one address: connect on the caller's thread");
        assertTrue(tls.fastFallback(), "providers have several: race them");
    }
}
