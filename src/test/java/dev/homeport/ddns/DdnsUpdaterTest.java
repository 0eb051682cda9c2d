package dev.homeport.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The provider's rules: when to update, latches, holds, backoff, keep-alive, refused addresses. */
class DdnsUpdaterTest {
    private static final String IP = "192.0.2.1";
    private static final String HOST = "savvypetesblog.is-lost.org";

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

    private DdnsUpdater updater() {
        return kit.updater(provider, HOST);
    }

    private void registered() {
        provider.answer("good " + IP);
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(IP, false, false));
    }

    @Test
    void sendsNothingWhileTheAddressIsUnchanged() {
        registered();
        kit.clock.advance(Duration.ofDays(3));
        UpdateOutcome.Unchanged o = assertInstanceOf(UpdateOutcome.Unchanged.class, updater().update(IP, false, false));
        assertEquals(1, provider.requestCount());
        assertEquals(Kit.START.plus(DdnsUpdater.KEEP_ALIVE), o.keepAliveDue());
    }

    @Test
    void sendsOneUpdateWhenTheAddressChanges() {
        registered();
        provider.answer("good 192.0.2.99");
        UpdateOutcome.Updated o = assertInstanceOf(UpdateOutcome.Updated.class, updater().update("192.0.2.99", false, false));
        assertEquals(2, provider.requestCount());
        assertEquals("hostname=" + HOST + "&myip=192.0.2.99", provider.request(1).getUrl().encodedQuery());
        assertEquals("address changed from " + IP, o.reason());
        assertEquals("192.0.2.99", kit.state().get("host." + HOST + ".ip"));
    }

    @Test
    void forceSendsAnUnchangedAddress() {
        registered();
        provider.answer("nochg " + IP);
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(IP, true, false));
        assertEquals(2, provider.requestCount());
    }

    @Test
    void sendsAKeepAliveAfterTwentyFiveDays() {
        registered();
        kit.clock.advance(Duration.ofDays(25).minusMinutes(1));
        assertInstanceOf(UpdateOutcome.Unchanged.class, updater().update(IP, false, false));
        assertEquals(1, provider.requestCount());
        kit.clock.advance(Duration.ofMinutes(1));
        provider.answer("nochg " + IP);
        UpdateOutcome.Updated o = assertInstanceOf(UpdateOutcome.Updated.class, updater().update(IP, false, false));
        assertEquals(2, provider.requestCount());
        assertTrue(o.reason().startsWith("keep-alive"), o.reason());
        assertEquals(kit.clock.instant().toString(), kit.state().get("host." + HOST + ".at"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"badauth", "nohost", "notfqdn", "numhost", "abuse", "badagent", "!donator", "badsys"})
    void latchesOnAFatalAnswerAndLaterRunsSayWhyWithoutARequest(String answer) {
        provider.answer(answer);
        UpdateOutcome.Latched first = assertInstanceOf(UpdateOutcome.Latched.class, updater().update(IP, false, false));
        assertEquals(answer, first.answer());
        kit.clock.advance(Duration.ofDays(2));
        AtomicInteger asked = new AtomicInteger();
        UpdateOutcome.Latched later = assertInstanceOf(UpdateOutcome.Latched.class,
                updater().update(() -> "192.0.2." + asked.incrementAndGet(), false, false));
        assertEquals(1, provider.requestCount(), "no request while latched");
        assertEquals(0, asked.get(), "not even the address is asked for while latched");
        assertTrue(later.message().contains("'" + answer + "'"), later.message());
        assertEquals(Optional.of(HomeportException.Kind.DDNS_BLOCKED), later.failureKind());
        assertTrue(later.hint().orElseThrow().contains("--force"));
    }

    @Test
    void anHttp401LatchesLikeBadauth() {
        provider.respond(new MockResponse.Builder().code(401).build());
        UpdateOutcome.Latched o = assertInstanceOf(UpdateOutcome.Latched.class, updater().update(IP, false, false));
        assertEquals("HTTP 401", o.answer());
        assertInstanceOf(UpdateOutcome.Latched.class, updater().update(IP, false, false));
        assertEquals(1, provider.requestCount());
    }

    @Test
    void aWrongPasswordLatchesAndANewPasswordInTheSecretFileClearsIt() throws Exception {
        kit.writeSecret("ddns.secret", "wrong-password");
        UpdateOutcome.Latched o = assertInstanceOf(UpdateOutcome.Latched.class, updater().update(IP, false, false));
        assertEquals("HTTP 401", o.answer());
        kit.writeSecret("ddns.secret", Kit.PASSWORD);
        provider.answer("good " + IP);
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(IP, false, false));
        assertEquals(2, provider.requestCount());
        assertFalse(kit.state().containsKey("latch.answer"));
    }

    @Test
    void aChangedDdnsSectionClearsTheLatch() {
        provider.answer("nohost");
        assertInstanceOf(UpdateOutcome.Latched.class, updater().update(IP, false, false));
        provider.answer("good " + IP);
        assertInstanceOf(UpdateOutcome.Updated.class, kit.updater(provider, "fixed.is-lost.org").update(IP, false, false));
        assertEquals(2, provider.requestCount());
    }

    @Test
    void forceClearsTheLatch() {
        provider.answer("abuse");
        assertInstanceOf(UpdateOutcome.Latched.class, updater().update(IP, false, false));
        provider.answer("good " + IP);
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(IP, true, false));
        assertEquals(2, provider.requestCount());
        assertFalse(kit.state().containsKey("latch.answer"));
    }

    @Test
    void theLatchFingerprintDoesNotContainTheSecret() {
        provider.answer("badauth");
        updater().update(IP, false, false);
        assertTrue(kit.state().containsKey("latch.fingerprint"));
        assertFalse(kit.state().toString().contains(Kit.PASSWORD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"911", "dnserr"})
    void holdsUpdatesThirtyMinutesAfterProviderTrouble(String answer) {
        provider.answer(answer);
        UpdateOutcome.Held held = assertInstanceOf(UpdateOutcome.Held.class, updater().update(IP, false, false));
        assertEquals(Kit.START.plus(Duration.ofMinutes(30)), held.until());
        kit.clock.advance(Duration.ofMinutes(29).plusSeconds(59));
        assertInstanceOf(UpdateOutcome.Held.class, updater().update(IP, false, false));
        assertInstanceOf(UpdateOutcome.Held.class, updater().update(IP, true, false), "--force does not break a provider hold");
        assertEquals(1, provider.requestCount());
        kit.clock.advance(Duration.ofSeconds(1));
        provider.answer("good " + IP);
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(IP, false, false));
        assertEquals(2, provider.requestCount());
        assertFalse(kit.state().containsKey("hold.until"));
    }

    @Test
    void aHoldOfDaysLeftInTheStateFileByAnOlderVersionEndsTheLongestWaitAfterItBegan() {
        provider.answer("911");
        updater().update(IP, false, false);
        Map<String, String> st = new java.util.TreeMap<>(kit.state());
        st.remove("hold.at");
        st.put("hold.until", Kit.START.plus(Duration.ofDays(11)).toString());
        kit.store.write("ddns", st);
        assertEquals(Optional.of(Kit.START.plus(DdnsUpdater.MAX_WAIT)), updater().status().next().at());
        kit.clock.advance(DdnsUpdater.MAX_WAIT);
        provider.answer("good " + IP);
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(IP, false, false));
        assertEquals(2, provider.requestCount());
    }

    @Test
    void goodWithLoopbackAddressIsAFailure() {
        provider.answer("good 127.0.0.1");
        UpdateOutcome.Failed o = assertInstanceOf(UpdateOutcome.Failed.class, updater().update(IP, false, false));
        assertTrue(o.message().contains("ignored"), o.message());
        assertFalse(kit.state().containsKey("host." + HOST + ".ip"));
    }

    @Test
    void anUnknownAnswerIsShownRawOnOneLineAndTruncated() {
        provider.answer("<html><body>Service", "moved " + "x".repeat(300) + "</body></html>");
        UpdateOutcome.Failed o = assertInstanceOf(UpdateOutcome.Failed.class, updater().update(IP, false, false));
        assertTrue(o.message().contains("unexpected answer '<html><body>Service"), o.message());
        assertFalse(o.message().contains("\n"));
        assertTrue(o.answer().orElseThrow().length() <= Answer.MAX_LINE);
        assertTrue(o.answer().orElseThrow().endsWith("..."));
    }

    @Test
    void serverErrorsRetryOnALaterRunWithGrowingPauses() {
        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            provider.respond(new MockResponse.Builder().code(503).build());
            UpdateOutcome.Failed f = assertInstanceOf(UpdateOutcome.Failed.class, updater().update(IP, false, false));
            assertEquals(i + 1, provider.requestCount());
            Duration pause = Duration.between(kit.clock.instant(), f.retryAfter());
            pauses.add(pause);
            UpdateOutcome.Held h = assertInstanceOf(UpdateOutcome.Held.class, updater().update(IP, false, false));
            assertTrue(h.backoff());
            assertEquals(i + 1, provider.requestCount(), "no request during the pause");
            kit.clock.advance(pause);
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L), pauses.stream().map(Duration::toMinutes).toList());
        provider.answer("good " + IP);
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update(IP, false, false));
        assertFalse(kit.state().containsKey("failures"));
    }

    @Test
    void aNetworkErrorBacksOffAndForceRetriesAtOnce() {
        provider.close();
        UpdateOutcome.Failed f = assertInstanceOf(UpdateOutcome.Failed.class, updater().update(IP, false, false));
        assertEquals(Optional.of(HomeportException.Kind.DDNS_FAILED), f.failureKind());
        assertInstanceOf(UpdateOutcome.Held.class, updater().update(IP, false, false));
        assertInstanceOf(UpdateOutcome.Failed.class, updater().update(IP, true, false));
        assertEquals("2", kit.state().get("failures"));
    }

    @Test
    void aServerThatHangsTimesOutWithoutChangingTheRegisteredAddress() {
        registered();
        Map<String, String> before = kit.state();
        provider.respond(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).body("good 192.0.2.2").build());
        long t0 = System.nanoTime();
        UpdateOutcome.Failed f = assertInstanceOf(UpdateOutcome.Failed.class, updater().update("192.0.2.2", false, false));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4), "gave up at the timeout");
        assertTrue(f.reason().contains("timeout"), f.reason());
        Map<String, String> after = kit.state();
        assertEquals(before.get("host." + HOST + ".ip"), after.get("host." + HOST + ".ip"));
        assertEquals(before.get("host." + HOST + ".at"), after.get("host." + HOST + ".at"));
        assertFalse(after.containsKey("latch.answer"));
        assertFalse(after.containsKey("hold.until"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.64.1.2", "100.127.255.254"})
    void refusesACarrierGradeNatAddressWithoutARequest(String cgnat) {
        UpdateOutcome.Refused r = assertInstanceOf(UpdateOutcome.Refused.class, updater().update(cgnat, false, false));
        assertEquals(0, provider.requestCount());
        assertTrue(r.message().contains("carrier-grade NAT"), r.message());
        assertTrue(r.message().contains("could not reach this host from the internet"), r.message());
        assertTrue(r.hint().orElseThrow().contains("ISP"), r.hint().orElseThrow());
        assertEquals(Optional.of(HomeportException.Kind.DDNS_FAILED), r.failureKind());
        assertTrue(kit.state().keySet().stream().noneMatch(k -> k.startsWith("host.") || k.startsWith("last.")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.1", "10.0.0.5", "172.16.3.4", "127.0.0.1", "169.254.7.7", "0.0.0.0"})
    void refusesPrivateLoopbackAndLinkLocalAddresses(String address) {
        assertInstanceOf(UpdateOutcome.Refused.class, updater().update(address, true, false));
        assertEquals(0, provider.requestCount());
    }

    @Test
    void dryRunDescribesTheRequestAndSendsNothing() {
        UpdateOutcome.WouldUpdate o = assertInstanceOf(UpdateOutcome.WouldUpdate.class, updater().update(IP, false, true));
        assertEquals(0, provider.requestCount());
        assertTrue(o.message().contains(provider.base() + "/nic/update?hostname=" + HOST + "&myip=" + IP), o.message());
        assertFalse(o.message().contains(Kit.PASSWORD));
        assertTrue(kit.state().keySet().stream().noneMatch(k -> k.startsWith("host.") || k.startsWith("last.")));
    }

    @Test
    void splitsMoreThanTwentyHostnamesIntoRequestsOfTwenty() {
        List<String> hosts = new ArrayList<>();
        for (int i = 1; i <= 23; i++) hosts.add("h" + i + ".example.org");
        provider.answer(hosts.subList(0, 20).stream().map(h -> "good " + IP).toArray(String[]::new));
        provider.answer("good " + IP, "good " + IP, "good " + IP);
        UpdateOutcome.Updated o = assertInstanceOf(UpdateOutcome.Updated.class,
                kit.updater(Kit.ddns("dyndns2", provider.base(), hosts, kit.secret)).update(IP, false, false));
        assertEquals(2, provider.requestCount());
        assertEquals("hostname=" + String.join(",", hosts.subList(0, 20)) + "&myip=" + IP, provider.request(0).getUrl().encodedQuery());
        assertEquals("hostname=" + String.join(",", hosts.subList(20, 23)) + "&myip=" + IP, provider.request(1).getUrl().encodedQuery());
        assertEquals(23, o.hostnames().size());
    }

    @Test
    void updatesOnlyTheHostnameThatFailedLastTime() {
        DdnsUpdater two = kit.updater(provider, "a.example.org", "b.example.org");
        provider.answer("good " + IP, "WAT");
        assertInstanceOf(UpdateOutcome.Failed.class, two.update(IP, false, false));
        kit.clock.advance(Duration.ofMinutes(1));
        provider.answer("good " + IP);
        assertInstanceOf(UpdateOutcome.Updated.class, two.update(IP, false, false));
        assertEquals("hostname=b.example.org&myip=" + IP, provider.request(1).getUrl().encodedQuery());
    }

    @Test
    void anotherAccountOrServerStartsAfreshAndRegistersAgain() {
        registered();
        Config.Ddns other = new Config.Ddns("dyndns2", Optional.of(provider.base()), false, List.of(HOST), Optional.of("paula"),
                Optional.of(kit.secret), Optional.empty(), "router", Optional.empty());
        provider.answer("good " + IP);
        UpdateOutcome.Updated o = assertInstanceOf(UpdateOutcome.Updated.class, kit.updater(other).update(IP, false, false));
        assertEquals("first update", o.reason());
        assertEquals(2, provider.requestCount());
    }

    @Test
    void heSendsOneRequestPerHostnameWithTheHostnameAsUser() {
        Config.Ddns he = new Config.Ddns("he", Optional.of(provider.base()), false, List.of("a.example.org", "b.example.org"),
                Optional.empty(), Optional.of(kit.secret), Optional.empty(), "router", Optional.empty());
        provider.answer("good " + IP);
        provider.answer("good " + IP);
        assertInstanceOf(UpdateOutcome.Updated.class, kit.updater(he).update(IP, false, false));
        assertEquals(2, provider.requestCount());
        assertEquals(okhttp3.Credentials.basic("a.example.org", Kit.PASSWORD), provider.request(0).getHeaders().get("Authorization"));
        assertEquals(okhttp3.Credentials.basic("b.example.org", Kit.PASSWORD), provider.request(1).getHeaders().get("Authorization"));
    }

    @Test
    void aStateThatCannotBeWrittenSendsNothingAndNamesTheFileEveryRun() throws Exception {
        registered();
        Path blocker = dir.resolve("not-a-dir");
        java.nio.file.Files.writeString(blocker, "x");
        dev.homeport.state.StateStore unwritable = new dev.homeport.state.StateStore(blocker.resolve("state"));
        for (int run = 0; run < 2; run++) {
            DdnsUpdater u = DdnsUpdater.create(kit.config(Kit.ddns("dyndns2", provider.base(), List.of(HOST), kit.secret)), Map.of(),
                    kit.http, unwritable, kit.clock);
            HomeportException e = org.junit.jupiter.api.Assertions.assertThrows(HomeportException.class,
                    () -> u.update("192.0.2.99", false, false));
            assertEquals(HomeportException.Kind.IO, e.kind());
            assertTrue(e.getMessage().startsWith("cannot write state file " + blocker.resolve("state").resolve("ddns.state")),
                    e.getMessage());
            assertTrue(e.getMessage().contains("nothing was sent to the provider"), e.getMessage());
            assertEquals(1, provider.requestCount(), "no update went out that could not be recorded");
        }
    }

    @Test
    void aStateWriteThatFailsAfterTheProviderAcceptedSaysSoAndKeepsTheOldFile() throws Exception {
        registered();
        Path state = kit.store.dir();
        Path aside = dir.resolve("state.aside");
        String before = java.nio.file.Files.readString(kit.store.file("ddns"));
        // The provider accepts; meanwhile the state directory is replaced by a file, so the probe passed but the write fails.
        UpdateProtocol accepting = new UpdateProtocol() {
            @Override
            public int maxHostsPerRequest() {
                return 20;
            }

            @Override
            public Reply send(List<String> hosts, String ip) {
                try {
                    java.nio.file.Files.move(state, aside);
                    java.nio.file.Files.writeString(state, "x");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return new Reply.Answers(List.of(new Answer(HOST, Answer.Code.GOOD, "good " + ip)), List.of(), "good " + ip);
            }

            @Override
            public String describe(List<String> hosts, String ip) {
                return "";
            }
        };
        DdnsSettings settings = DdnsSettings.from(kit.config(Kit.ddns("dyndns2", provider.base(), List.of(HOST), kit.secret)), Map.of());
        HomeportException e = org.junit.jupiter.api.Assertions.assertThrows(HomeportException.class,
                () -> new DdnsUpdater(settings, accepting, kit.store, kit.clock).update("192.0.2.99", false, false));
        assertEquals(HomeportException.Kind.IO, e.kind());
        assertTrue(e.getMessage().startsWith("the provider accepted " + HOST + " -> 192.0.2.99, but cannot write state file "
                + kit.store.file("ddns")), e.getMessage());
        assertTrue(e.getMessage().endsWith("the state file is unchanged, so the next run sends this update again"), e.getMessage());
        assertEquals(before, java.nio.file.Files.readString(aside.resolve("ddns.state")), "the old state is intact");
    }

    @Test
    void statusTellsTheLastAnswerAndTheKeepAliveDate() {
        registered();
        DdnsStatus s = updater().status();
        assertEquals(Optional.of("good " + IP), s.lastAnswer());
        assertEquals(Optional.of(Kit.START), s.lastAnswerAt());
        assertEquals(Optional.of(IP), s.hosts().get(0).ip());
        assertEquals(DdnsStatus.Step.ON_CHANGE, s.next().step());
        assertEquals(Optional.of(Kit.START.plus(DdnsUpdater.KEEP_ALIVE)), s.next().at());
    }

    @Test
    void statusTellsTheLatchAndHowToClearIt() {
        provider.answer("badauth");
        updater().update(IP, false, false);
        DdnsStatus s = updater().status();
        assertEquals(DdnsStatus.Step.LATCHED, s.next().step());
        assertTrue(s.next().text().contains("'badauth'"), s.next().text());
        assertTrue(s.next().text().contains("user name or password"), s.next().text());
        assertTrue(s.next().clear().orElseThrow().contains("homeport ddns update --force"));
    }

    @Test
    void statusTellsWhenAHoldEnds() {
        provider.answer("911");
        updater().update(IP, false, false);
        DdnsStatus s = updater().status();
        assertEquals(DdnsStatus.Step.HELD, s.next().step());
        assertEquals(Optional.of(Kit.START.plus(DdnsUpdater.HOLD)), s.next().at());
    }

    @Test
    void statusBeforeAnyUpdateSaysTheNextRunRegisters() {
        DdnsStatus s = updater().status();
        assertEquals(DdnsStatus.Step.FIRST_UPDATE, s.next().step());
        assertEquals(Optional.empty(), s.lastAnswer());
    }
}
