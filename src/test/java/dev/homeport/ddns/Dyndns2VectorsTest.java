package dev.homeport.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference client's dyndns2 protocol vectors (ddclient t/protocol_dyndns2.pl), ported: each case sends exactly
 * one GET to /nic/update with the exact query string and Basic auth, and the answer lines lead to the same per-host
 * outcome. Where homeport's rules are stricter than ddclient's the expectation says so (dnserr holds, fatal answers
 * latch). Cases 7 and 8 (IPv6) become a refusal: homeport registers IPv4 addresses only.
 */
class Dyndns2VectorsTest {
    @TempDir
    Path dir;
    private Kit kit;
    private FakeProvider provider;

    @BeforeEach
    void start() throws Exception {
        kit = new Kit(dir);
        provider = new FakeProvider(Kit.PASSWORD);
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private UpdateOutcome run(List<String> hosts, String... lines) {
        provider.answer(lines);
        return kit.updater(provider, hosts.toArray(String[]::new)).update("192.0.2.1", false, false);
    }

    private void assertOneRequest(String query) {
        assertEquals(1, provider.requestCount());
        RecordedRequest r = provider.request(0);
        assertEquals("GET", r.getMethod());
        assertEquals("/nic/update", r.getUrl().encodedPath());
        assertEquals(query, r.getUrl().encodedQuery());
        String auth = new String(Base64.getDecoder().decode(r.getHeaders().get("Authorization").substring(6)), StandardCharsets.UTF_8);
        assertEquals("pete:" + Kit.PASSWORD, auth);
        assertTrue(r.getHeaders().get("User-Agent").startsWith("homeport/test https://"), r.getHeaders().get("User-Agent"));
    }

    private void assertAccepted(String... hosts) {
        Map<String, String> st = kit.state();
        for (String h : hosts) {
            assertEquals("192.0.2.1", st.get("host." + h + ".ip"), h);
            assertEquals(Kit.START.toString(), st.get("host." + h + ".at"), h);
        }
    }

    private void assertNotAccepted(String host) {
        assertFalse(kit.state().containsKey("host." + host + ".ip"), host);
    }

    @Test
    void case1GoodRecordsTheAddress() {
        UpdateOutcome o = run(List.of("h1"), "good");
        assertOneRequest("hostname=h1&myip=192.0.2.1");
        assertInstanceOf(UpdateOutcome.Updated.class, o);
        assertAccepted("h1");
    }

    @Test
    void case2NochgIsASuccessWithAWarning() {
        UpdateOutcome.Updated o = assertInstanceOf(UpdateOutcome.Updated.class, run(List.of("h1"), "nochg"));
        assertOneRequest("hostname=h1&myip=192.0.2.1");
        assertAccepted("h1");
        assertTrue(o.warnings().stream().anyMatch(w -> w.contains("nochg")), o.warnings().toString());
    }

    @Test
    void case3NohostFailsAndLatches() {
        UpdateOutcome.Latched o = assertInstanceOf(UpdateOutcome.Latched.class, run(List.of("h1"), "nohost"));
        assertOneRequest("hostname=h1&myip=192.0.2.1");
        assertEquals("nohost", o.answer());
        assertNotAccepted("h1");
    }

    @Test
    void case4AnUnexpectedStatusFailsShowingIt() {
        UpdateOutcome.Failed o = assertInstanceOf(UpdateOutcome.Failed.class, run(List.of("h1"), "WAT"));
        assertOneRequest("hostname=h1&myip=192.0.2.1");
        assertTrue(o.message().contains("unexpected answer 'WAT'"), o.message());
        assertNotAccepted("h1");
    }

    @Test
    void case5TwoHostsTwoGoodLines() {
        assertInstanceOf(UpdateOutcome.Updated.class, run(List.of("h1", "h2"), "good 192.0.2.1", "good"));
        assertOneRequest("hostname=h1,h2&myip=192.0.2.1");
        assertAccepted("h1", "h2");
    }

    @Test
    void case6ThreeHostsGoodNochgDnserrKeepsTheTwoAndHoldsTheThird() {
        UpdateOutcome.Held o = assertInstanceOf(UpdateOutcome.Held.class, run(List.of("h1", "h2", "h3"), "good", "nochg", "dnserr"));
        assertOneRequest("hostname=h1,h2,h3&myip=192.0.2.1");
        assertAccepted("h1", "h2");
        assertNotAccepted("h3");
        assertEquals(Kit.START.plus(DdnsUpdater.HOLD), o.until());
    }

    @Test
    void cases7And8AnIpv6AddressIsRefusedWithoutARequest() {
        UpdateOutcome o = kit.updater(provider, "h1").update("2001:db8::1", false, false);
        assertInstanceOf(UpdateOutcome.Refused.class, o);
        assertEquals(0, provider.requestCount());
    }

    @Test
    void case9ExtraLinesAreReportedAndIgnored() {
        UpdateOutcome.Updated o = assertInstanceOf(UpdateOutcome.Updated.class, run(List.of("h1", "h2"), "good", "good", "WAT"));
        assertOneRequest("hostname=h1,h2&myip=192.0.2.1");
        assertAccepted("h1", "h2");
        assertTrue(o.warnings().stream().anyMatch(w -> w.contains("unexpected extra lines") && w.contains("WAT")),
                o.warnings().toString());
    }

    @Test
    void case10OneFatalLineAppliesToAllHosts() {
        UpdateOutcome.Latched o = assertInstanceOf(UpdateOutcome.Latched.class, run(List.of("h1", "h2"), "abuse"));
        assertOneRequest("hostname=h1,h2&myip=192.0.2.1");
        assertEquals("abuse", o.answer());
        assertNotAccepted("h1");
        assertNotAccepted("h2");
    }

    @Test
    void case11OneGoodLineForTwoHostsCountsForBothWithAWarning() {
        UpdateOutcome.Updated o = assertInstanceOf(UpdateOutcome.Updated.class, run(List.of("h1", "h2"), "good"));
        assertOneRequest("hostname=h1,h2&myip=192.0.2.1");
        assertAccepted("h1", "h2");
        assertTrue(o.warnings().stream().anyMatch(w -> w.contains("one successful result")), o.warnings().toString());
    }

    @Test
    void case12AHostWithoutAnAnswerLineHasFailed() {
        UpdateOutcome.Failed o = assertInstanceOf(UpdateOutcome.Failed.class, run(List.of("h1", "h2", "h3"), "good", "nochg"));
        assertOneRequest("hostname=h1,h2,h3&myip=192.0.2.1");
        assertAccepted("h1", "h2");
        assertNotAccepted("h3");
        assertTrue(o.message().contains("h3: the provider's answer has no line for this hostname"), o.message());
        assertFalse(o.message().contains("unexpected answer"), "nothing is quoted as if the provider had said it: " + o.message());
        assertEquals(List.of("h1", "h2"), o.updated());
    }

    @Test
    void anEmptyAnswerFailsSayingItWasEmptyNotQuotingTextTheProviderNeverSent() {
        UpdateOutcome.Failed o = assertInstanceOf(UpdateOutcome.Failed.class, run(List.of("h1")));
        assertTrue(o.message().contains("h1: the provider's answer has no line for this hostname (it was empty)"), o.message());
        assertFalse(o.message().contains("unexpected answer"), o.message());
        assertNotAccepted("h1");
    }
}
