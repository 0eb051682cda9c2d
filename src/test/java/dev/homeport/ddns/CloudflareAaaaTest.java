package dev.homeport.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.homeport.config.Config;
import dev.homeport.core.IpVersion;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 for the cloudflare provider: the AAAA record of this host's stable IPv6 address, against the API stand-in. */
class CloudflareAaaaTest {
    private static final String HOST = "home.example.org";
    private static final String ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String V4 = "198.51.100.7";
    private static final String V6 = "2001:db8:1::10";
    private static final String COLLECTION = "/client/v4/zones/" + ZONE_ID + "/dns_records";

    @TempDir
    Path dir;
    private Kit kit;
    private FakeCloudflare cf;
    private final AtomicReference<Optional<String>> hostV6 = new AtomicReference<>(Optional.of(V6));

    @BeforeEach
    void start() throws Exception {
        kit = new Kit(dir);
        cf = new FakeCloudflare().zone("example.org", ZONE_ID);
    }

    @AfterEach
    void stop() {
        cf.close();
    }

    private DdnsUpdater updater(IpVersion version, Optional<Boolean> proxied) throws Exception {
        Path tokenFile = kit.writeSecret("cf.token", FakeCloudflare.TOKEN);
        Config.Ddns d = new Config.Ddns("cloudflare", Optional.of(cf.base()), false, List.of(HOST), Optional.empty(),
                Optional.of(tokenFile), Optional.empty(), "router", Optional.empty(),
                Optional.of(new Config.Zone("example.org", Optional.empty(), proxied)), version);
        return DdnsUpdater.create(kit.config(d), Map.of(), kit.http, kit.store, kit.clock, hostV6::get);
    }

    private DdnsUpdater updater() throws Exception {
        return updater(IpVersion.BOTH, Optional.empty());
    }

    private JsonObject record(String type) {
        return cf.records(HOST).stream().filter(r -> r.get("type").getAsString().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void createsTheARecordAndTheAaaaRecordThenSendsNothingThenChangesOnlyTheAaaaWhenOnlyTheIpv6AddressChanges() throws Exception {
        UpdateOutcome first = updater().update(V4, false, false);
        assertInstanceOf(UpdateOutcome.Updated.class, first, first::message);
        assertEquals(List.of("POST " + COLLECTION + " {\"type\":\"A\",\"name\":\"" + HOST + "\",\"content\":\"" + V4
                        + "\",\"ttl\":1,\"proxied\":false}",
                "POST " + COLLECTION + " {\"type\":\"AAAA\",\"name\":\"" + HOST + "\",\"content\":\"" + V6
                        + "\",\"ttl\":1,\"proxied\":false}"),
                cf.writes());
        int requests = cf.requests().size();

        assertInstanceOf(UpdateOutcome.Unchanged.class, updater().update(V4, false, false));
        assertEquals(requests, cf.requests().size(), "nothing is sent while both addresses are unchanged");

        hostV6.set(Optional.of("2001:db8:1::20"));
        UpdateOutcome changed = updater().update(V4, false, false);
        assertInstanceOf(UpdateOutcome.Updated.class, changed, changed::message);
        assertEquals(3, cf.writes().size(), cf.writes()::toString);
        assertEquals("PATCH " + COLLECTION + "/" + record("AAAA").get("id").getAsString() + " {\"content\":\"2001:db8:1::20\"}",
                cf.writes().get(2), "one write, to the AAAA record only");
        assertEquals(V4, record("A").get("content").getAsString());
        assertInstanceOf(UpdateOutcome.Unchanged.class, updater().update(V4, false, false));
        assertEquals(3, cf.writes().size());
    }

    @Test
    void statusSaysTheNextRunAddsTheAaaaRecordOnceThisHostHasAnIpv6AddressAndSendsNothingToSayIt() throws Exception {
        hostV6.set(Optional.empty());
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(V4, false, false));
        assertEquals(1, cf.writes().size(), "the A record only: " + cf.writes());
        assertEquals(DdnsStatus.Step.ON_CHANGE, updater().status().next().step(), "no IPv6 address: nothing more to register");

        hostV6.set(Optional.of(V6));
        int requests = cf.requests().size();
        DdnsStatus.Next next = updater().status().next();
        assertEquals(DdnsStatus.Step.FIRST_UPDATE, next.step(), next.text());
        assertEquals("the next run registers the AAAA record of " + HOST + " (" + V6 + ", this host's IPv6 address)", next.text());
        assertEquals(requests, cf.requests().size(), "status reads the state file and the host's own address only");
        assertEquals(DdnsStatus.Step.ON_CHANGE, updater(IpVersion.V4, Optional.empty()).status().next().step(),
                "ip-version 4 wants no AAAA record");

        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(V4, false, false), "and the next run does it");
        assertEquals(V6, record("AAAA").get("content").getAsString());
        assertEquals(DdnsStatus.Step.ON_CHANGE, updater().status().next().step());
    }

    @Test
    void aNewIpv4AddressChangesOnlyTheARecord() throws Exception {
        updater().update(V4, false, false);
        String aaaaId = record("AAAA").get("id").getAsString();
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update("198.51.100.8", false, false));
        assertEquals(3, cf.writes().size(), cf.writes()::toString);
        assertTrue(cf.writes().get(2).startsWith("PATCH " + COLLECTION + "/" + record("A").get("id").getAsString() + " "),
                cf.writes()::toString);
        assertEquals(aaaaId, record("AAAA").get("id").getAsString());
        assertEquals(V6, record("AAAA").get("content").getAsString());
    }

    @Test
    void anExistingAaaaRecordKeepsItsTtlAndProxySettingAndOtherRecordsAreNeverTouched() throws Exception {
        cf.record(ZONE_ID, "A", HOST, V4, 120, false);
        JsonObject aaaa = cf.record(ZONE_ID, "AAAA", HOST, "2001:db8:1::99", 600, false);
        cf.record(ZONE_ID, "AAAA", "www.example.org", "2001:db8:1::99", 300, false);
        cf.record(ZONE_ID, "TXT", HOST, "\"v=spf1 -all\"", 300, false);
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(V4, false, false));
        assertEquals(List.of("PATCH " + COLLECTION + "/" + aaaa.get("id").getAsString() + " {\"content\":\"" + V6 + "\"}"), cf.writes(),
                "the A record already had the address: only the AAAA record's content is written");
        assertEquals(600, record("AAAA").get("ttl").getAsInt());
        assertEquals("2001:db8:1::99", cf.records("www.example.org").get(0).get("content").getAsString());
    }

    @Test
    void aNewAaaaRecordBesideAProxiedARecordIsProxiedTooUnlessTheConfigSaysOtherwise() throws Exception {
        cf.record(ZONE_ID, "A", HOST, V4, 1, true);
        updater().update(V4, false, false);
        assertTrue(record("AAAA").get("proxied").getAsBoolean(), "IPv6 visitors go through the proxy like IPv4 ones");

        cf.close();
        cf = new FakeCloudflare().zone("example.org", ZONE_ID);
        kit.store.write("ddns", Map.of());
        cf.record(ZONE_ID, "A", HOST, V4, 1, true);
        updater(IpVersion.BOTH, Optional.of(false)).update(V4, false, false);
        assertEquals(false, record("AAAA").get("proxied").getAsBoolean());
    }

    @Test
    void anAaaaAddressCloudflareSpellsDifferentlyIsTheSameAddressAndIsNotRewritten() throws Exception {
        cf.record(ZONE_ID, "A", HOST, V4, 1, false);
        cf.record(ZONE_ID, "AAAA", HOST, "2001:db8:1:0:0:0:0:10", 1, false);
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(V4, false, false));
        assertEquals(List.of(), cf.writes());
    }

    @Test
    void behindCarrierGradeNatOnlyTheAaaaRecordIsWrittenAndTheARecordIsLeftAsItIs() throws Exception {
        JsonObject a = cf.record(ZONE_ID, "A", HOST, "203.0.113.1", 300, false);
        UpdateOutcome o = updater().update("100.64.0.2", false, false);
        assertInstanceOf(UpdateOutcome.Updated.class, o, o::message);
        assertEquals(List.of("POST " + COLLECTION + " {\"type\":\"AAAA\",\"name\":\"" + HOST + "\",\"content\":\"" + V6
                + "\",\"ttl\":300,\"proxied\":false}"), cf.writes());
        assertEquals("203.0.113.1", cf.records(HOST).stream().filter(r -> r.get("id").equals(a.get("id"))).findFirst().orElseThrow()
                .get("content").getAsString());
        assertInstanceOf(UpdateOutcome.Unchanged.class, updater().update("100.64.0.2", false, false));
        assertEquals(1, cf.writes().size());
    }

    @Test
    void aNameWithSeveralAaaaRecordsLatchesAndNothingIsWritten() throws Exception {
        cf.record(ZONE_ID, "A", HOST, V4, 1, false);
        cf.record(ZONE_ID, "AAAA", HOST, "2001:db8:1::1", 1, false);
        cf.record(ZONE_ID, "AAAA", HOST, "2001:db8:1::2", 1, false);
        UpdateOutcome o = updater().update(V4, false, false);
        UpdateOutcome.Latched l = assertInstanceOf(UpdateOutcome.Latched.class, o, o::message);
        assertTrue(l.message().contains("2 AAAA records"), l.message());
        assertEquals(List.of(), cf.writes());
    }

    @Test
    void aCnameOnTheNameLatchesWithAClearMessage() throws Exception {
        cf.record(ZONE_ID, "CNAME", HOST, "elsewhere.example.net", 1, false);
        UpdateOutcome o = updater(IpVersion.V6, Optional.empty()).update(V4, false, false);
        UpdateOutcome.Latched l = assertInstanceOf(UpdateOutcome.Latched.class, o, o::message);
        assertTrue(l.message().contains("81053") && l.message().contains("CNAME"), l.message());
        assertEquals(1, cf.records(HOST).size(), "nothing was created");
    }

    @Test
    void aStateFileFromBeforeTheFamiliesWereRecordedApartStillLoadsAndOnlyTheMissingAaaaIsSent() throws Exception {
        updater(IpVersion.V4, Optional.empty()).update(V4, false, false);
        // What an older homeport wrote: one combined address per host, no per-family records.
        Map<String, String> old = new HashMap<>(kit.state());
        old.keySet().removeIf(k -> k.matches("host\\..*\\.(ip|at)[46]"));
        assertEquals(V4, old.get("host." + HOST + ".ip"));
        kit.store.write("ddns", old);

        UpdateOutcome o = updater().update(V4, false, false);
        assertInstanceOf(UpdateOutcome.Updated.class, o, o::message);
        assertEquals(2, cf.writes().size(), cf.writes()::toString);
        assertTrue(cf.writes().get(1).contains("\"type\":\"AAAA\""), "the A record was known, so only the AAAA record was new");
        assertEquals(V4 + "," + V6, kit.state().get("host." + HOST + ".ip"));

        Map<String, String> both = new HashMap<>(kit.state());
        both.keySet().removeIf(k -> k.matches("host\\..*\\.(ip|at)[46]"));
        kit.store.write("ddns", both);
        assertInstanceOf(UpdateOutcome.Unchanged.class, updater().update(V4, false, false), "a combined v4,v6 record is read per family");
    }

    @Test
    void dryRunNamesBothRecords() throws Exception {
        UpdateOutcome.WouldUpdate w = assertInstanceOf(UpdateOutcome.WouldUpdate.class, updater().update(V4, false, true));
        assertTrue(w.message().contains("set the A record of " + HOST + " in zone example.org to " + V4 + ", and the AAAA record of "
                + HOST + " in zone example.org to " + V6), w.message());
        assertEquals(List.of(), cf.requests());
    }

    @Test
    void aFatalAnswerAboutTheAaaaRecordAloneLatchesOnlyTheAaaaAndTheARecordIsStillKept() throws Exception {
        updater().update(V4, false, false);
        cf.record(ZONE_ID, "AAAA", HOST, "2001:db8:1::99", 1, false);
        hostV6.set(Optional.of("2001:db8:1::20"));
        UpdateOutcome o = updater().update(V4, false, false);
        UpdateOutcome.Latched l = assertInstanceOf(UpdateOutcome.Latched.class, o, o::message);
        assertTrue(l.message().contains("AAAA record only, A still kept: " + HOST + " has 2 AAAA records"), l.message());
        String next = updater().status().next().text();
        assertTrue(next.startsWith("the AAAA record is not sent: latched off since"), next);
        int requests = cf.requests().size();

        assertInstanceOf(UpdateOutcome.Unchanged.class, updater().update(V4, false, false));
        assertEquals(requests, cf.requests().size(), "nothing sent: the A record is unchanged, the AAAA record latched");

        UpdateOutcome a = updater().update("198.51.100.8", false, false);
        assertInstanceOf(UpdateOutcome.Updated.class, a, a::message);
        assertEquals("PATCH " + COLLECTION + "/" + record("A").get("id").getAsString() + " {\"content\":\"198.51.100.8\"}",
                cf.writes().get(cf.writes().size() - 1), "the A record's change is still sent, alone");
        assertEquals(3, cf.writes().size(), cf.writes()::toString);

        cf.record(ZONE_ID, "A", HOST, "203.0.113.9", 1, false);
        UpdateOutcome both = updater().update("198.51.100.9", false, false);
        assertInstanceOf(UpdateOutcome.Latched.class, both, both::message);
        requests = cf.requests().size();
        assertInstanceOf(UpdateOutcome.Latched.class, updater().update("198.51.100.10", false, false));
        assertEquals(requests, cf.requests().size(), "a fatal answer for the other family too latches everything");
    }

    @Test
    void whenTheAaaaWriteFailsAfterTheARecordWasWrittenTheRetryWritesOnlyTheAaaaRecord() throws Exception {
        cf.failRequest(4);
        UpdateOutcome o = updater().update(V4, false, false);
        UpdateOutcome.Failed f = assertInstanceOf(UpdateOutcome.Failed.class, o, o::message);
        assertTrue(f.message().contains("HTTP 502"), f.message());
        assertEquals(2, cf.writes().size(), "the A record was written, the AAAA write answered 502");
        assertEquals(List.of("A"), cf.records(HOST).stream().map(r -> r.get("type").getAsString()).toList());

        kit.clock.advance(DdnsUpdater.FIRST_BACKOFF);
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(V4, false, false));
        assertEquals(3, cf.writes().size(), cf.writes()::toString);
        assertTrue(cf.writes().get(2).startsWith("POST " + COLLECTION + " {\"type\":\"AAAA\""), cf.writes()::toString);
        assertEquals(1, cf.records(HOST).stream().filter(r -> r.get("type").getAsString().equals("A")).count());
    }
}
