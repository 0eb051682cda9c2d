package dev.homeport.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import okhttp3.Credentials;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private static final String SECRET = "s3cr et/&+=ü";

    private final Redactor redactor = new Redactor().add(SECRET);

    @Test
    void masksTheRawSecret() {
        assertEquals("password is **** here", redactor.redact("password is " + SECRET + " here"));
    }

    @Test
    void masksAnEchoedBasicAuthorizationHeaderForAnyUser() {
        String header = Credentials.basic("someone", SECRET, StandardCharsets.UTF_8);
        String out = redactor.redact("badauth (you sent: Authorization: " + header + ")");
        assertFalse(out.contains(header.substring(6)), out);
        assertTrue(out.contains("Authorization: Basic ****"), out);
    }

    @Test
    void masksIsoLatinBasicAuthAndUnpaddedAndUrlSafeBase64() {
        String iso = Base64.getEncoder().encodeToString(("admin:" + SECRET).getBytes(StandardCharsets.ISO_8859_1));
        String bare = Base64.getEncoder().withoutPadding().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
        String url = Base64.getUrlEncoder().encodeToString(("x:" + SECRET).getBytes(StandardCharsets.UTF_8));
        for (String b : new String[] {iso, bare, url}) {
            assertEquals("t=****;", redactor.redact("t=" + b + ";"), b);
        }
    }

    @Test
    void masksUrlEncodedFormsInEitherHexCase() {
        String form = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        assertEquals("pw=****&x=1", redactor.redact("pw=" + form + "&x=1"));
        assertEquals("pw=****", redactor.redact("pw=" + form.replace("+", "%20")));
        assertEquals("pw=****", redactor.redact("pw=" + form.toLowerCase(java.util.Locale.ROOT)
                .replace("s3cr", "s3cr")));
    }

    @Test
    void masksASecretInAUrlPathHoweverItsEncoderEscapedIt() {
        // OkHttp keeps & + = raw in a path segment but escapes the space, the slash and the u-umlaut.
        String segment = okhttp3.HttpUrl.get("http://192.0.2.1/").newBuilder().addPathSegment("FW.htm")
                .addPathSegment(SECRET).build().encodedPath();
        assertEquals("/FW.htm/s3cr%20et%2F&+=%C3%BC", segment, "the encoding this test is about");
        assertEquals("GET /FW.htm/****", redactor.redact("GET " + segment));
        String latin1 = URLEncoder.encode(SECRET, StandardCharsets.ISO_8859_1);
        assertEquals("GET /a&tok=****&b", redactor.redact("GET /a&tok=" + latin1 + "&b"));
        assertEquals("GET /a&tok=****&b", redactor.redact("GET /a&tok=" + latin1.toLowerCase(java.util.Locale.ROOT) + "&b"));
    }

    @Test
    void aUrlForLogsHidesItsQueryAndMasksSecretsInItsPath() {
        String url = "http://192.0.2.1:8080/x/" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8).replace("+", "%20")
                + "/FW.htm?id=1234#top";
        assertEquals("http://192.0.2.1:8080/x/****/FW.htm?...", redactor.url(url));
        assertEquals("/fw_serv.htm&todo=cfg_init", redactor.url("/fw_serv.htm&todo=cfg_init"));
        assertEquals("/a%20b?...", new Redactor().url("/a%20b?token=zzz"));
    }

    @Test
    void aLongHostileTokenWithAPercentIsScannedInLinearTime() {
        String hostile = "%41%zz".repeat(100_000) + "%4";
        long start = System.nanoTime();
        assertEquals(hostile, redactor.redact(hostile));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2_000, "took too long");
    }

    @Test
    void masksTheUserinfoPasswordOfAnyUrlEvenWhenNotRegistered() {
        Redactor empty = new Redactor();
        assertEquals("redirect to https://bob:****@evil.example/x and http://a:****@192.0.2.1:8080/",
                empty.redact("redirect to https://bob:hunter2@evil.example/x and http://a:b%40c@192.0.2.1:8080/"));
        assertEquals("see http://192.0.2.1/ and user@example.org", empty.redact("see http://192.0.2.1/ and user@example.org"));
    }

    @Test
    void leavesOrdinaryTextAndShortStringsAlone() {
        Redactor r = new Redactor().add("ab").add("hunter2");
        String text = "the router at 192.168.1.1 answered ab QWxhZGRpbjpvcGVuIHNlc2FtZQ==";
        assertEquals(text, r.redact(text));
    }
}
