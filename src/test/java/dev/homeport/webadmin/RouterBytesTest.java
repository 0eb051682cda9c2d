package dev.homeport.webadmin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homeport.core.HomeportException.Kind;
import dev.homeport.net.HttpClients;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** What reaches a router for a credential: exactly the user's characters, or nothing at all. */
class RouterBytesTest {
    private static final OkHttpClient HTTP = HttpClients.create("test");

    @Test
    void aFormValueThePagesCharsetCannotCarryIsRefusedNamingTheFieldNotTheValue() throws Exception {
        try (mockwebserver3.MockWebServer router = new mockwebserver3.MockWebServer()) {
            router.start();
            WebAdminException.Context ctx = new WebAdminException.Context(router.url("/").toString(), "p", "s", 0);
            Profile.Transport transport = new Profile.Transport("basic", false, 0, 5, "ISO-8859-1");
            try (AdminClient client = new AdminClient(HTTP, router.url("/"), "admin", "password", transport, 0, ms -> { }, ctx)) {
                List<Map.Entry<String, String>> fields = List.of(new AbstractMap.SimpleImmutableEntry<>("sysDNSHost", "pete.example"),
                        new AbstractMap.SimpleImmutableEntry<>("sysDNSPassword", "Dd-\u20ac-91acq"));

                WebAdminException e = assertThrows(WebAdminException.class,
                        () -> client.post(router.url("/ddns.cgi"), fields, StandardCharsets.ISO_8859_1, router.url("/").toString()));

                assertEquals(Kind.CONFIG, e.kind());
                assertEquals("the value for the router's field 'sysDNSPassword' has a character its page's encoding (ISO-8859-1)"
                        + " cannot carry; nothing was sent", e.getMessage());
                assertFalse(e.getMessage().contains("91acq"));
                assertEquals(0, router.getRequestCount(), "no '?' in place of the character reached the router");
            }
        }
    }

    @Test
    void aLatin1FormValueOnALatin1PageIsSentAsItsLatin1Bytes() throws Exception {
        try (mockwebserver3.MockWebServer router = new mockwebserver3.MockWebServer()) {
            router.enqueue(new mockwebserver3.MockResponse.Builder().body("<html>ok</html>").build());
            router.start();
            WebAdminException.Context ctx = new WebAdminException.Context(router.url("/").toString(), "p", "s", 0);
            Profile.Transport transport = new Profile.Transport("basic", false, 0, 5, "ISO-8859-1");
            try (AdminClient client = new AdminClient(HTTP, router.url("/"), "admin", "password", transport, 0, ms -> { }, ctx)) {
                client.post(router.url("/ddns.cgi"), List.of(new AbstractMap.SimpleImmutableEntry<>("sysDNSPassword", "caf\u00e9")),
                        StandardCharsets.ISO_8859_1, router.url("/").toString());

                assertEquals("sysDNSPassword=caf%E9", router.takeRequest().getBody().utf8());
            }
        }
    }
}
