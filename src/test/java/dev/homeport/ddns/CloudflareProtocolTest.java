package dev.homeport.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.homeport.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cloudflare provider against a stateful stand-in of Cloudflare's API v4. */
class CloudflareProtocolTest {
    private static final String HOST = "home.example.org";
    private static final String ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";

    @TempDir
    Path dir;
    private Kit kit;
    private FakeCloudflare cf;

    @BeforeEach
    void start() throws Exception {
        kit = new Kit(dir);
        cf = new FakeCloudflare().zone("other.org", "1111").zone("example.org", ZONE_ID);
    }

    @AfterEach
    void stop() {
        cf.close();
    }

    private DdnsUpdater updater(String token, Optional<Integer> ttl, Optional<Boolean> proxied) throws Exception {
        Path tokenFile = kit.writeSecret("cf.token", token);
        return kit.updater(new Config.Ddns("cloudflare", Optional.of(cf.base()), false, List.of(HOST), Optional.empty(),
                Optional.of(tokenFile), Optional.empty(), "router", Optional.empty(),
                Optional.of(new Config.Zone("example.org", ttl, proxied))));
    }

    private DdnsUpdater updater() throws Exception {
        return updater(FakeCloudflare.TOKEN, Optional.empty(), Optional.empty());
    }

    @Test
    void createsTheARecordOnceThenSendsNothingThenOneChangeForANewAddress() throws Exception {
        UpdateOutcome first = updater().update("198.51.100.7", false, false);
        assertInstanceOf(UpdateOutcome.Updated.class, first, first::message);
        assertEquals(List.of("POST /client/v4/zones/" + ZONE_ID + "/dns_records"
                + " {\"type\":\"A\",\"name\":\"home.example.org\",\"content\":\"198.51.100.7\",\"ttl\":1,\"proxied\":false}"), cf.writes());
        assertTrue(cf.authorizations().stream().allMatch(a -> a.equals("Bearer " + FakeCloudflare.TOKEN)));
        int requests = cf.requests().size();

        assertInstanceOf(UpdateOutcome.Unchanged.class, updater().update("198.51.100.7", false, false));
        assertEquals(requests, cf.requests().size(), "nothing is sent while the address is unchanged");

        assertInstanceOf(UpdateOutcome.Updated.class, updater().update("198.51.100.8", false, false));
        assertEquals(2, cf.writes().size(), cf.writes()::toString);
        assertTrue(cf.writes().get(1).matches("PATCH /client/v4/zones/" + ZONE_ID
                + "/dns_records/rec\\d+ \\{\"content\":\"198.51.100.8\"}"), cf.writes()::toString);
        assertEquals("198.51.100.8", cf.records(HOST).get(0).get("content").getAsString());
    }

    @Test
    void changesOnlyTheContentOfTheExistingRecordKeepingItsTtlAndProxyAndFollowsPages() throws Exception {
        cf.pageCap(1);
        cf.record(ZONE_ID, "TXT", HOST, "\"v=spf1 -all\"", 300, false);
        cf.record(ZONE_ID, "AAAA", HOST, "2001:db8::7", 300, false);
        JsonObject a = cf.record(ZONE_ID, "A", HOST, "203.0.113.1", 120, true);
        cf.record(ZONE_ID, "A", "www.example.org", "203.0.113.1", 300, false);

        assertInstanceOf(UpdateOutcome.Updated.class, updater().update("198.51.100.7", false, false));
        assertEquals(List.of("PATCH /client/v4/zones/" + ZONE_ID + "/dns_records/" + a.get("id").getAsString()
                + " {\"content\":\"198.51.100.7\"}"), cf.writes());
        JsonObject after = cf.records(HOST).stream().filter(r -> r.get("type").getAsString().equals("A")).findFirst().orElseThrow();
        assertEquals(120, after.get("ttl").getAsInt());
        assertTrue(after.get("proxied").getAsBoolean());
        assertEquals("203.0.113.1", cf.records("www.example.org").get(0).get("content").getAsString(), "other records untouched");
        assertTrue(cf.requests().stream().anyMatch(r -> r.contains("page=3")), "the record list was read page by page");
    }

    @Test
    void aRecordThatAlreadyHasTheAddressIsNotWritten() throws Exception {
        cf.record(ZONE_ID, "A", HOST, "198.51.100.7", 300, false);
        UpdateOutcome o = updater().update("198.51.100.7", false, false);
        assertInstanceOf(UpdateOutcome.Updated.class, o, o::message);
        assertEquals(List.of(), cf.writes());
    }

    @Test
    void configuredTtlAndProxySettingAreSent() throws Exception {
        cf.record(ZONE_ID, "A", HOST, "203.0.113.1", 120, true);
        updater(FakeCloudflare.TOKEN, Optional.of(300), Optional.of(false)).update("198.51.100.7", false, false);
        assertTrue(cf.writes().get(0).endsWith(" {\"content\":\"198.51.100.7\",\"ttl\":300,\"proxied\":false}"), cf.writes()::toString);
    }

    @Test
    void anInvalidTokenLatchesWithAClearMessageAndTheNextRunSendsNothing() throws Exception {
        String bad = "cf-Wrong-Token-987654321";
        UpdateOutcome o = updater(bad, Optional.empty(), Optional.empty()).update("198.51.100.7", false, false);
        UpdateOutcome.Latched l = assertInstanceOf(UpdateOutcome.Latched.class, o, o::message);
        assertTrue(l.message().contains("Cloudflare refused the API token"), l.message());
        int requests = cf.requests().size();
        assertEquals(1, requests);
        DdnsUpdater again = updater(bad, Optional.empty(), Optional.empty());
        assertInstanceOf(UpdateOutcome.Latched.class, again.update("198.51.100.7", false, false));
        assertEquals(requests, cf.requests().size(), "nothing sent while latched");
        assertFalse(l.message().contains(bad) || kit.state().toString().contains(bad), "the token is never shown or stored");
    }

    @Test
    void aTokenWithoutDnsEditPermissionLatchesNamingThePermission() throws Exception {
        UpdateOutcome o = updater(FakeCloudflare.READ_ONLY, Optional.empty(), Optional.empty()).update("198.51.100.7", false, false);
        UpdateOutcome.Latched l = assertInstanceOf(UpdateOutcome.Latched.class, o, o::message);
        assertTrue(l.message().contains("DNS Edit") && l.message().contains("10000"), l.message());
        assertEquals(List.of(), cf.records(HOST));
    }

    @Test
    void aRateLimitHoldsUpdatesForTheTimeCloudflareAsks() throws Exception {
        cf.rateLimitNext(1);
        UpdateOutcome o = updater().update("198.51.100.7", false, false);
        UpdateOutcome.Held h = assertInstanceOf(UpdateOutcome.Held.class, o, o::message);
        assertEquals(Kit.START.plus(Duration.ofSeconds(120)), h.until());
        assertTrue(h.message().contains("rate limit") && h.message().contains("120 s"), h.message());
        assertInstanceOf(UpdateOutcome.Held.class, updater().update("198.51.100.7", false, false));
        assertEquals(1, cf.requests().size(), "nothing sent during the hold");
        DdnsStatus.Next next = updater().status().next();
        assertEquals(DdnsStatus.Step.HELD, next.step());
        assertFalse(next.clear().orElseThrow().contains("30 minutes"), "status tells Cloudflare's time, not a 911's: " + next.clear());
        assertTrue(next.clear().orElseThrow().contains(UpdateOutcome.show(Kit.START.plus(Duration.ofSeconds(120)))),
                next.clear().orElseThrow());
        kit.clock.advance(Duration.ofSeconds(121));
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update("198.51.100.7", false, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999", "99999999", "99999999999999999999999"})
    void aRetryAfterOfDaysOrYearsHoldsUpdatesOnlyTheLongestWaitAndSaysItWasCapped(String seconds) throws Exception {
        cf.rateLimitNext(1, seconds);
        UpdateOutcome o = updater().update("198.51.100.7", false, false);
        UpdateOutcome.Held h = assertInstanceOf(UpdateOutcome.Held.class, o, o::message);
        assertEquals(Kit.START.plus(DdnsUpdater.MAX_WAIT), h.until());
        assertTrue(h.message().contains(seconds + " s") && h.message().contains("homeport waits at most 60 minutes"), h.message());
        DdnsStatus.Next next = updater().status().next();
        assertEquals(DdnsStatus.Step.HELD, next.step());
        assertTrue(next.text().contains("homeport waits at most 60 minutes"), next.text());
        kit.clock.advance(DdnsUpdater.MAX_WAIT.plusSeconds(1));
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update("198.51.100.7", false, false));
    }

    @Test
    void aRetryAfterDateYearsAheadIsCappedLikeANumber() throws Exception {
        cf.rateLimitNext(1, "Tue, 01 Jan 2036 00:00:00 GMT");
        UpdateOutcome.Held h = assertInstanceOf(UpdateOutcome.Held.class, updater().update("198.51.100.7", false, false));
        assertEquals(Kit.START.plus(DdnsUpdater.MAX_WAIT), h.until());
        assertTrue(h.message().contains("until Tue, 01 Jan 2036") && h.message().contains("at most 60 minutes"), h.message());
    }

    @Test
    void everyFormOfRetryAfterIsReadWithoutOverflowAndBadOnesAreIgnored() {
        java.time.Instant now = Kit.START;
        assertEquals(Optional.of(Duration.ofSeconds(120)), CloudflareProtocol.retryAfter(" 120 ", now));
        assertEquals(Optional.of(Duration.ofSeconds(Long.MAX_VALUE)), CloudflareProtocol.retryAfter("9".repeat(40), now));
        assertEquals(Optional.of(Duration.ofMinutes(5)), CloudflareProtocol.retryAfter("Fri, 27 Nov 2026 09:05:00 GMT", now));
        assertEquals(Optional.of(Duration.ZERO), CloudflareProtocol.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now));
        for (String bad : new String[] {"-5", "1.5", "soon", "", "0x10", "Fri, 31 Feb 2026 09:05:00 GMT"}) {
            assertEquals(Optional.empty(), CloudflareProtocol.retryAfter(bad, now), bad);
        }
        assertEquals(Optional.empty(), CloudflareProtocol.retryAfter(null, now));
    }

    @Test
    void aPastOrNegativeRetryAfterStillPausesAMinuteOrTheDefaultHold() throws Exception {
        cf.rateLimitNext(1, "Sun, 06 Nov 1994 08:49:37 GMT");
        UpdateOutcome.Held past = assertInstanceOf(UpdateOutcome.Held.class, updater().update("198.51.100.7", false, false));
        assertEquals(Kit.START.plus(Duration.ofMinutes(1)), past.until());
        kit.clock.advance(Duration.ofMinutes(2));
        cf.rateLimitNext(1, "-5");
        UpdateOutcome.Held negative = assertInstanceOf(UpdateOutcome.Held.class, updater().update("198.51.100.7", false, false));
        assertEquals(kit.clock.instant().plus(DdnsUpdater.HOLD), negative.until());
        assertTrue(negative.message().contains("no usable Retry-After"), negative.message());
    }

    @Test
    void aZoneTheTokenCannotSeeLatches() throws Exception {
        Path tokenFile = kit.writeSecret("cf.token", FakeCloudflare.TOKEN);
        UpdateOutcome o = kit.updater(new Config.Ddns("cloudflare", Optional.of(cf.base()), false, List.of("home.missing.org"),
                Optional.empty(), Optional.of(tokenFile), Optional.empty(), "router", Optional.empty(),
                Optional.of(new Config.Zone("missing.org", Optional.empty(), Optional.empty())))).update("198.51.100.7", false, false);
        UpdateOutcome.Latched l = assertInstanceOf(UpdateOutcome.Latched.class, o, o::message);
        assertTrue(l.message().contains("no zone missing.org"), l.message());
    }

    @Test
    void aNameWithSeveralARecordsIsLeftAlone() throws Exception {
        cf.record(ZONE_ID, "A", HOST, "203.0.113.1", 300, false);
        cf.record(ZONE_ID, "A", HOST, "203.0.113.2", 300, false);
        UpdateOutcome o = updater().update("198.51.100.7", false, false);
        assertInstanceOf(UpdateOutcome.Latched.class, o, o::message);
        assertEquals(List.of(), cf.writes());
    }

    @Test
    void aServerErrorBacksOff() throws Exception {
        cf.failNext(1);
        UpdateOutcome o = updater().update("198.51.100.7", false, false);
        UpdateOutcome.Failed f = assertInstanceOf(UpdateOutcome.Failed.class, o, o::message);
        assertTrue(f.message().contains("HTTP 502"), f.message());
        assertEquals(Kit.START.plus(DdnsUpdater.FIRST_BACKOFF), f.retryAfter());
    }

    @Test
    void aRedirectIsNotFollowedSoTheTokenNeverReachesAnotherOrigin() throws Exception {
        try (MockWebServer elsewhere = new MockWebServer(); MockWebServer redirecting = new MockWebServer()) {
            elsewhere.start();
            redirecting.enqueue(new MockResponse.Builder().code(302).addHeader("Location", elsewhere.url("/client/v4/zones")).build());
            redirecting.start();
            Path tokenFile = kit.writeSecret("cf.token", FakeCloudflare.TOKEN);
            UpdateOutcome o = kit.updater(new Config.Ddns("cloudflare", Optional.of(redirecting.url("/client/v4").toString()), false,
                    List.of(HOST), Optional.empty(), Optional.of(tokenFile), Optional.empty(), "router", Optional.empty(),
                    Optional.of(new Config.Zone("example.org", Optional.empty(), Optional.empty())))).update("198.51.100.7", false, false);
            UpdateOutcome.Failed f = assertInstanceOf(UpdateOutcome.Failed.class, o, o::message);
            assertTrue(f.message().contains("HTTP 302"), f.message());
            assertEquals(0, elsewhere.getRequestCount(), "nothing reached the other origin");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{\"success\":null,\"result\":[]}",
        "{\"success\":{},\"result\":[]}", "{\"success\":[],\"result\":[]}"})
    void anAnswerWhoseSuccessIsNotABooleanIsAFailureRetriedLaterNotACrash(String answer) throws Exception {
        try (MockWebServer garbage = new MockWebServer()) {
            garbage.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(answer).build());
            garbage.start();
            Path tokenFile = kit.writeSecret("cf.token", FakeCloudflare.TOKEN);
            UpdateOutcome o = kit.updater(new Config.Ddns("cloudflare", Optional.of(garbage.url("/client/v4").toString()), false,
                    List.of(HOST), Optional.empty(), Optional.of(tokenFile), Optional.empty(), "router", Optional.empty(),
                    Optional.of(new Config.Zone("example.org", Optional.empty(), Optional.empty())))).update("198.51.100.7", false, false);
            UpdateOutcome.Failed f = assertInstanceOf(UpdateOutcome.Failed.class, o, o::message);
            assertTrue(f.message().contains("HTTP 200 without \"success\": true"), f.message());
            assertEquals(Kit.START.plus(DdnsUpdater.FIRST_BACKOFF), f.retryAfter(), "a later run retries, with backoff");
        }
    }

    @Test
    void aTokenFileWithACharacterNoTokenHasIsAConfigErrorNotACrash() {
        // A non-breaking space copied from a web page along with the token: not whitespace to String.strip().
        String pasted = FakeCloudflare.TOKEN + "\u00a0";
        dev.homeport.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.homeport.config.ConfigException.class, () -> updater(pasted, Optional.empty(), Optional.empty()));
        assertTrue(e.getMessage().contains("ddns.token-file: the API token has a character an API token cannot contain"),
                e.getMessage());
        assertFalse(e.getMessage().contains(FakeCloudflare.TOKEN), "never shows the token");
        assertEquals(List.of(), cf.requests(), "nothing is sent");
    }

    @Test
    void dryRunDescribesTheChangeWithoutTheTokenAndSendsNothing() throws Exception {
        UpdateOutcome o = updater().update("198.51.100.7", false, true);
        UpdateOutcome.WouldUpdate w = assertInstanceOf(UpdateOutcome.WouldUpdate.class, o);
        assertTrue(w.message().contains("set the A record of home.example.org in zone example.org to 198.51.100.7"), w.message());
        assertFalse(w.message().contains(FakeCloudflare.TOKEN));
        assertEquals(List.of(), cf.requests());
    }
}
