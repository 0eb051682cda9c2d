package dev.homeport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {
    @Test
    void aBodyWithinTheCapIsReadWhole() throws Exception {
        byte[] bytes = "hello".getBytes();
        assertArrayEquals(bytes, BoundedBody.read(ResponseBody.create(bytes, null), 5));
    }

    @Test
    void aChunkedBodyOneByteOverTheCapIsRefused() throws Exception {
        ResponseBody body = ResponseBody.create(new Buffer().writeUtf8("x".repeat(11)), null, -1);
        BoundedBody.TooLargeException e = assertThrows(BoundedBody.TooLargeException.class, () -> BoundedBody.read(body, 10));
        assertEquals(10, e.cap());
    }

    @Test
    void aDeclaredLengthOverTheCapIsRefusedBeforeReading() {
        ResponseBody body = ResponseBody.create(new byte[100], null);
        assertThrows(BoundedBody.TooLargeException.class, () -> BoundedBody.read(body, 99));
    }

    @Test
    void aSmallGzipBodyThatExpandsPastTheCapIsRefusedAfterDecompression() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(new byte[50 * 1024 * 1024]);
        }
        assertTrue(gz.size() < 100 * 1024, "the bomb is small on the wire: " + gz.size());
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().addHeader("Content-Encoding", "gzip").body(new Buffer().write(gz.toByteArray()))
                    .build());
            server.start();
            OkHttpClient client = new OkHttpClient();
            try (Response r = client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
                long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                assertThrows(BoundedBody.TooLargeException.class, () -> BoundedBody.read(r.body(), BoundedBody.ROUTER_PAGE));
                long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                assertTrue(after - before < 20L * 1024 * 1024, "read no more than about the cap: " + (after - before));
            }
            client.dispatcher().executorService().shutdown();
        }
    }

    @Test
    void aPrefixReadStopsAtTheCapWithoutFailing() throws Exception {
        ResponseBody body = ResponseBody.create(new Buffer().writeUtf8("y".repeat(1000)), null, -1);
        assertEquals(16, BoundedBody.prefix(body, 16).length);
    }
}
