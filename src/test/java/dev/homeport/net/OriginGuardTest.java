package dev.homeport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class OriginGuardTest {
    @Test
    void credentialsGoToThePinnedOriginAndNoRequestReachesAnother() throws Exception {
        try (MockWebServer router = new MockWebServer(); MockWebServer witness = new MockWebServer()) {
            witness.start();
            router.enqueue(new MockResponse.Builder().code(302).addHeader("Location", witness.url("/steal")).build());
            router.start();
            OkHttpClient base = new OkHttpClient();
            OkHttpClient pinned = OriginGuard.pin(base, router.url("/"), "Basic c2VjcmV0");
            Request tagged = new Request.Builder().url(router.url("/page"))
                    .tag(OriginGuard.Credentials.class, OriginGuard.Credentials.ATTACH).build();
            try (Response r = pinned.newCall(tagged).execute()) {
                assertEquals(302, r.code(), "the redirect is not followed");
            }
            RecordedRequest got = router.takeRequest();
            assertEquals("Basic c2VjcmV0", got.getHeaders().get("Authorization"));

            Request foreign = new Request.Builder().url(witness.url("/form")).header("Authorization", "Basic c2VjcmV0")
                    .tag(OriginGuard.Credentials.class, OriginGuard.Credentials.ATTACH).build();
            OriginGuard.ForeignOriginException e = assertThrows(OriginGuard.ForeignOriginException.class,
                    () -> pinned.newCall(foreign).execute());
            assertTrue(e.foreign().endsWith(":" + witness.getPort()), e.foreign());
            assertEquals(0, witness.getRequestCount(), "nothing reached the other origin");
            base.dispatcher().executorService().shutdown();
        }
    }

    @Test
    void untaggedRequestsCarryNoCredentialsEvenToThePinnedOrigin() throws Exception {
        try (MockWebServer router = new MockWebServer()) {
            router.enqueue(new MockResponse.Builder().body("ok").build());
            router.start();
            OkHttpClient pinned = OriginGuard.pin(new OkHttpClient(), router.url("/"), "Basic c2VjcmV0");
            pinned.newCall(new Request.Builder().url(router.url("/x")).header("Authorization", "Basic b3RoZXI=").build())
                    .execute().close();
            assertNull(router.takeRequest().getHeaders().get("Authorization"));
        }
    }

    @Test
    void anotherPortOrSchemeIsAnotherOrigin() {
        okhttp3.HttpUrl pinned = okhttp3.HttpUrl.get("http://192.168.1.1/");
        assertTrue(OriginGuard.sameOrigin(pinned, okhttp3.HttpUrl.get("http://192.168.1.1:80/a?b")));
        assertEquals(false, OriginGuard.sameOrigin(pinned, okhttp3.HttpUrl.get("http://192.168.1.1:8080/")));
        assertEquals(false, OriginGuard.sameOrigin(pinned, okhttp3.HttpUrl.get("https://192.168.1.1/")));
        assertEquals(false, OriginGuard.sameOrigin(pinned, okhttp3.HttpUrl.get("http://192.168.1.10/")));
    }
}
