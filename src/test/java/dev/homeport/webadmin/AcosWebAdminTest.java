package dev.homeport.webadmin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import dev.homeport.net.HttpClients;
import dev.homeport.webadmin.emulator.AcosEmulator;
import dev.homeport.webadmin.emulator.RouterEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcosWebAdminTest {
    private static final OkHttpClient HTTP = HttpClients.create("test");
    private static final PortMapping PI_888 = PortMapping.of(888, Protocol.TCP, "192.168.1.50", 888, "homeport pi 888", 0);
    private static final AcosEmulator.Rule RULE = new AcosEmulator.Rule("homeport pi 888", "TCP", "888", "888", "192.168.1.50");

    @TempDir
    Path userProfiles;

    private AcosEmulator router;

    @BeforeEach
    void start() throws Exception {
        router = AcosEmulator.r7000();
        router.start();
    }

    @AfterEach
    void stop() {
        router.close();
    }

    private Router connect(String profile, String password, boolean takeOver) {
        WebAdmin admin = new WebAdmin(HTTP, Profiles.standard(userProfiles), ms -> { });
        return admin.connect(new WebAdmin.Target(router.url(), profile, "admin", password, takeOver, OptionalInt.of(0)));
    }

    private Router connect() {
        return connect("auto", "password", false);
    }

    @Test
    void aTableOfHugeRangesIsReadOnlyUpToTheSameBoundAsUpnp() {
        // A hostile or broken router: every row forwards 1-65535, so one page under the size cap would expand to
        // hundreds of thousands of mappings (and a join over all of them).
        for (int i = 0; i < 300; i++) router.addByHand("range" + i, "TCP", "1-65535", "1-65535", "192.168.1." + (2 + i % 200));

        long start = System.nanoTime();
        List<PortMapping> table = connect().list();

        assertEquals(4096, table.size());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "the table is read in bounded time");
    }

    @Test
    void aPageFullOfUnclosedScriptTagsIsCheckedInLinearTime() throws Exception {
        // "<script " again and again with no '>': the error-page check used to rescan the rest of the page from each.
        String hostile = "<script ".repeat(40_000);
        try (mockwebserver3.MockWebServer garbage = new mockwebserver3.MockWebServer()) {
            for (int i = 0; i < 4; i++) garbage.enqueue(new mockwebserver3.MockResponse.Builder().body(hostile).build());
            garbage.start();
            WebAdmin admin = new WebAdmin(HTTP, Profiles.standard(userProfiles), ms -> { });
            Router r = admin.connect(new WebAdmin.Target(garbage.url("/").toString().replaceAll("/$", ""),
                    "netgear.acos.pforward", "admin", "password", false, OptionalInt.of(0)));

            long start = System.nanoTime();
            HomeportException e = assertThrows(HomeportException.class, r::list);

            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 3_000, "took " + millis + " ms");
            assertTrue(e.getMessage().contains("does not have the pages of profile"), e.getMessage());
        }
    }

    @Test
    void aRoutersErrorMessageIsQuotedOnOneShortLine() throws Exception {
        String page = "<html><script>alert(\"" + "Invalid entry. ".repeat(20_000) + "\");</script></html>";
        try (mockwebserver3.MockWebServer garbage = new mockwebserver3.MockWebServer()) {
            for (int i = 0; i < 4; i++) garbage.enqueue(new mockwebserver3.MockResponse.Builder().body(page).build());
            garbage.start();
            WebAdmin admin = new WebAdmin(HTTP, Profiles.standard(userProfiles), ms -> { });
            Router r = admin.connect(new WebAdmin.Target(garbage.url("/").toString().replaceAll("/$", ""),
                    "netgear.acos.pforward", "admin", "password", false, OptionalInt.of(0)));

            HomeportException e = assertThrows(HomeportException.class, r::list);

            assertTrue(e.getMessage().startsWith("the router refused step 'detect.require[0]': \"Invalid entry. Invalid entry."),
                    e.getMessage().substring(0, 100));
            assertTrue(e.getMessage().length() < 400, "message of " + e.getMessage().length() + " characters");
            assertTrue(e.getMessage().contains("…\""), e.getMessage());
        }
    }

    @Test
    void aServerThatAnswersSomethingOtherThanHttpIsNotSaidToBeSilent() throws Exception {
        try (java.net.ServerSocket garbage = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!garbage.isClosed()) {
                    try (java.net.Socket c = garbage.accept()) {
                        c.getInputStream().read(new byte[4096]);
                        c.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            WebAdmin admin = new WebAdmin(HTTP, Profiles.standard(userProfiles), ms -> { });

            HomeportException e = assertThrows(HomeportException.class, () -> admin.connect(new WebAdmin.Target(
                    "http://127.0.0.1:" + garbage.getLocalPort(), "auto", "admin", "password", false, OptionalInt.of(0))));

            assertEquals(HomeportException.Kind.WEB_ADMIN, e.kind());
            assertFalse(e.getMessage().contains("does not answer"), e.getMessage());
            assertTrue(e.getMessage().contains("is not an HTTP answer"), e.getMessage());
        }
    }

    @Test
    void forwardAddsOnePortForwardingEntryAndLogsOut() {
        Router r = connect();
        AddResult result = r.add(PI_888);

        assertInstanceOf(AddResult.Added.class, result);
        assertEquals(List.of(RULE), router.rules());
        assertFalse(router.sessionOpen());
        assertEquals(1, router.logouts());
        assertTrue(r.describe().contains("NETGEAR R7000") && r.describe().contains("netgear.acos.pforward"), r.describe());
    }

    @Test
    void theFirst401SetsTheXsrfCookieAndTheRetryEchoesIt() {
        connect().add(PI_888);

        List<RouterEmulator.Request> authed = router.requests().stream().filter(q -> q.headers().containsKey("authorization")).toList();
        assertTrue(authed.get(0).cookie("XSRF_TOKEN").isEmpty(), "a new session starts without the cookie");
        assertEquals(authed.get(0).path(), authed.get(1).path(), "the same request is retried once after the 401");
        assertTrue(authed.stream().skip(1).allMatch(q -> q.cookie("XSRF_TOKEN").isPresent()), "every later request echoes it");
    }

    @Test
    void theApplyBodyIsWhatTheBrowsersScriptsSend() {
        connect().add(PI_888);

        RouterEmulator.Request apply = router.requests().stream().filter(q -> q.param("action").equals("add_apply"))
                .findFirst().orElseThrow();
        assertEquals("Apply", apply.param("apply"), "buttonFilter() renames buttonValue to the clicked button");
        assertFalse(apply.has("buttonHit"));
        assertFalse(apply.has("same_range"));
        assertEquals("192.168.1.50", apply.param("newIP"));
        assertEquals("TCP", apply.param("newType"));
        assertTrue(apply.query().matches("id=\\d+"), "the action carries the page's csrf id");
    }

    @Test
    void forwardTwiceCreatesOneEntryAndLogsOutBothTimes() {
        connect().add(PI_888);
        int before = router.requests().size();

        AddResult second = connect().add(PI_888);

        assertInstanceOf(AddResult.AlreadyPresent.class, second);
        assertEquals(List.of(RULE), router.rules());
        assertEquals(2, router.logouts());
        assertFalse(router.requests().subList(before, router.requests().size()).stream()
                .anyMatch(q -> q.param("action").equals("add_apply")), "nothing was submitted the second time");
    }

    @Test
    void unforwardRemovesOnlyTheEntryItCreated() {
        router.addByHand("Plex", "TCP", "32400", "32400", "192.168.1.20");
        connect().add(PI_888);

        RemoveResult result = connect().remove(888, Protocol.TCP, "192.168.1.50");

        assertInstanceOf(RemoveResult.Removed.class, result);
        assertEquals(List.of(new AcosEmulator.Rule("Plex", "TCP", "32400", "32400", "192.168.1.20")), router.rules());
        assertFalse(router.sessionOpen());
    }

    @Test
    void unforwardLeavesAHandMadeEntryAlone() {
        router.addByHand("RPiHTTP", "TCP", "888", "888", "192.168.1.50");

        assertInstanceOf(RemoveResult.NotOwned.class, connect().remove(888, Protocol.TCP, "192.168.1.50"));
        assertEquals(1, router.rules().size());
    }

    @Test
    void listReadsProtocolsFromTheServiceTable() {
        router.addByHand("Plex", "TCP", "32400", "32400", "192.168.1.20");
        router.addByHand("dns", "UDP", "53", "5353", "192.168.1.21");

        List<PortMapping> list = connect().list();

        assertEquals(List.of(PortMapping.of(32400, Protocol.TCP, "192.168.1.20", 32400, "Plex", 0),
                PortMapping.of(53, Protocol.UDP, "192.168.1.21", 5353, "dns", 0)), list);
    }

    @Test
    void aDifferentInternalPortIsForwarded() {
        PortMapping translated = PortMapping.of(8080, Protocol.TCP, "192.168.1.50", 80, "homeport pi 8080", 0);

        assertInstanceOf(AddResult.Added.class, connect().add(translated));
        assertEquals(List.of(new AcosEmulator.Rule("homeport pi 8080", "TCP", "8080", "80", "192.168.1.50")), router.rules());
    }

    @Test
    void anExpiredCsrfIdIsRefetchedAndRetriedOnce() {
        router.expireTokenAtPost(3); // posts: the list's custom page, the forward's custom page, then Apply (stale)

        assertInstanceOf(AddResult.Added.class, connect().add(PI_888));
        assertEquals(List.of(RULE), router.rules());
        assertEquals(2, router.requests().stream().filter(q -> q.param("action").equals("add_apply")).count(),
                "Apply was refused once as expired, then sent again from a fresh page");
    }

    @Test
    void anotherAdminStopsTheRunWithAClearMessage() {
        router.otherAdminLoggedIn("192.168.1.9");

        WebAdminException e = assertThrows(WebAdminException.class, () -> connect().add(PI_888));

        assertTrue(e.getMessage().contains("another administrator is logged in"), e.getMessage());
        assertEquals(List.of(), router.rules());
        assertTrue(router.stateText().contains("session 192.168.1.9"));
    }

    @Test
    void takeOverPostsMultiLoginYesThenForwards() {
        router.otherAdminLoggedIn("192.168.1.9");

        assertInstanceOf(AddResult.Added.class, connect("auto", "password", true).add(PI_888));
        assertTrue(router.requests().stream().anyMatch(q -> q.path().equals("/multi_login.cgi") && q.param("act").equals("yes")));
        assertFalse(router.sessionOpen());
    }

    @Test
    void aWrongPasswordIsRefusedAfterTheCookieRetry() {
        WebAdminException e = assertThrows(WebAdminException.class, () -> connect("auto", "nope", false).add(PI_888));

        assertEquals(HomeportException.Kind.WEB_ADMIN, e.kind());
        assertTrue(e.getMessage().contains("refused user 'admin'"));
        assertEquals(List.of(), router.rules());
    }

    @Test
    void aPortInsideSomeoneElsesRangeIsAConflictAndNothingIsSubmitted() {
        router.addByHand("Other", "TCP/UDP", "880-890", "880-890", "192.168.1.30");

        AddResult result = connect().add(PI_888);

        assertInstanceOf(AddResult.Conflict.class, result);
        assertEquals("192.168.1.30", result.mapping().internalClient());
        assertEquals(888, result.mapping().externalPort());
        assertFalse(router.requests().stream().anyMatch(q -> q.param("action").equals("add_apply")));
    }

    @Test
    void aConflictOnlyTheRouterKnowsIsReportedAsAConflict() {
        router.remoteManagementOn(8443);

        WebAdminException e = assertThrows(WebAdminException.class,
                () -> connect().add(PortMapping.of(8443, Protocol.TCP, "192.168.1.50", 8443, "homeport pi 8443", 0)));

        assertEquals(HomeportException.Kind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("conflicts with Remote Management"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing had been changed"), e.getMessage());
        assertFalse(router.sessionOpen());
    }

    @Test
    void aNameAlreadyUsedOnAnotherPortGetsTheProtocolAppended() {
        router.addByHand("homeport pi 888", "UDP", "888", "888", "192.168.1.50");

        AddResult result = connect().add(PI_888);

        assertEquals("homeport pi 888 tcp", result.mapping().description());
        assertEquals(2, router.rules().size());
    }

    @Test
    void aServerOutsideTheLanIsRefusedByTheRouter() {
        WebAdminException e = assertThrows(WebAdminException.class,
                () -> connect().add(PortMapping.of(888, Protocol.TCP, "10.1.1.1", 888, "homeport pi 888", 0)));

        assertTrue(e.getMessage().contains("Invalid IP address"), e.getMessage());
        assertEquals("apply", e.step().orElseThrow());
    }

    @Test
    void aChangedPageNamesTheStepAndSelector() throws Exception {
        String shipped = new String(getClass().getResourceAsStream("/profiles/netgear/acos-port-forwarding.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        Files.writeString(userProfiles.resolve("changed.yaml"), shipped
                .replace("id: netgear.acos.pforward", "id: netgear.acos.changed")
                .replace("form: 'form:has(input[name=portname])'\n        set:", "form: 'form:has(input[name=service_name])"
                        + "'\n        set:"));

        WebAdminException e = assertThrows(WebAdminException.class, () -> connect("netgear.acos.changed", "password", false).add(PI_888));

        assertEquals("apply", e.step().orElseThrow());
        assertTrue(e.getMessage().contains("'form:has(input[name=service_name])'"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing had been changed on the router"), e.getMessage());
        assertEquals(List.of(), router.rules());
        assertFalse(router.sessionOpen());
    }

    @Test
    void theRoutersDynamicDnsPageIsFilledIn() {
        WebAdmin admin = new WebAdmin(HTTP, Profiles.standard(userProfiles), ms -> { });
        admin.configureDdns(new WebAdmin.Target(router.url(), "auto", "admin", "password", false, OptionalInt.of(0)),
                new WebAdmin.DdnsSettings("dyndns", "savvypete.is-lost.org", "pete", "s3cret-ddns"));

        assertEquals(new AcosEmulator.Ddns(true, "www.DynDNS.org", "savvypete.is-lost.org", "pete", "s3cret-ddns", false),
                router.ddns());
        assertTrue(router.requests().stream().anyMatch(q -> q.param("cfAlert_Apply").equals("Apply")));
        assertFalse(router.sessionOpen());
    }
}
