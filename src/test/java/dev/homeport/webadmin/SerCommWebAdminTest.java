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
import dev.homeport.webadmin.emulator.RouterEmulator;
import dev.homeport.webadmin.emulator.SerCommEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerCommWebAdminTest {
    private static final OkHttpClient HTTP = HttpClients.create("test");
    private static final PortMapping PI_888 = PortMapping.of(888, Protocol.TCP, "192.168.0.50", 888, "homeport pi 888", 0);

    @TempDir
    Path userProfiles;

    private SerCommEmulator router;

    @BeforeEach
    void start() throws Exception {
        router = SerCommEmulator.dgn2200();
        router.start();
    }

    @AfterEach
    void stop() {
        router.close();
    }

    private Router connect(boolean takeOver) {
        return connect("auto", "password", takeOver);
    }

    private Router connect(String profile, String password, boolean takeOver) {
        WebAdmin admin = new WebAdmin(HTTP, Profiles.standard(userProfiles), ms -> { });
        return admin.connect(new WebAdmin.Target(router.url(), profile, "admin", password, takeOver, OptionalInt.of(0)));
    }

    private static final SerCommEmulator.Service SERVICE = new SerCommEmulator.Service("homeport pi 888", "tcp", 888, 888);
    private static final SerCommEmulator.InboundRule RULE =
            new SerCommEmulator.InboundRule(true, "homeport pi 888", "2", "192.168.0.50", "Any", "0");

    @Test
    void forwardAddsTheCustomServiceThenTheInboundRuleAndLogsOut() {
        Router r = connect(false);
        AddResult result = r.add(PI_888);

        assertInstanceOf(AddResult.Added.class, result);
        assertEquals(PI_888, result.mapping());
        assertEquals(List.of(SERVICE), router.services());
        assertEquals(List.of(RULE), router.rules());
        assertFalse(router.sessionOpen(), "logged out");
        assertEquals(router.logins(), router.logouts());
        assertTrue(r.describe().contains("NETGEAR DGN2200v4"), r.describe());
    }

    @Test
    void browserLikeBodiesCarryTheTokenAndNoButtons() {
        connect(false).add(PI_888);

        RouterEmulator.Request saveRule = router.requests().stream()
                .filter(q -> q.param("this_file").equals("rule_in.htm")).findFirst().orElseThrow();
        assertEquals("192.168.0.50", saveRule.param("c4_lan_start_ip"));
        assertEquals("homeport pi 888", saveRule.param("h_service_list"));
        assertEquals("2", saveRule.param("h_fwin_action"));
        assertFalse(saveRule.has("Apply"), "buttons are never sent: SerComm's JS disables them");
        assertFalse(saveRule.fieldNames().stream().anyMatch(n -> n.startsWith("wan_start_ip")), "disabled WAN octets not sent");
        assertEquals(saveRule.param("SID"), saveRule.query().substring(3), "form token comes from the page just fetched");
    }

    @Test
    void requestsArePacedByTheProfilesThrottleOneAtATime() {
        List<Long> pauses = new java.util.ArrayList<>();
        WebAdmin admin = new WebAdmin(HTTP, Profiles.standard(userProfiles), pauses::add);
        admin.connect(new WebAdmin.Target(router.url(), "netgear.sercomm.services-inbound", "admin", "password", false,
                OptionalInt.empty())).add(PI_888);

        long authenticated = router.requests().stream().filter(q -> q.headers().containsKey("authorization")).count();
        assertEquals(authenticated - 1, pauses.size(), "a pause between every two requests of the session");
        assertTrue(pauses.stream().allMatch(p -> p == 400), "the family's throttle_ms: " + pauses);
    }

    @Test
    void forwardTwiceCreatesOneServiceAndOneRuleAndLogsOutBothTimes() {
        assertInstanceOf(AddResult.Added.class, connect(false).add(PI_888));
        int requestsBefore = router.requests().size();

        AddResult second = connect(false).add(PI_888);

        assertInstanceOf(AddResult.AlreadyPresent.class, second);
        assertEquals(List.of(SERVICE), router.services());
        assertEquals(List.of(RULE), router.rules());
        assertEquals(2, router.logins());
        assertEquals(2, router.logouts());
        List<RouterEmulator.Request> secondRun = router.requests().subList(requestsBefore, router.requests().size());
        assertTrue(secondRun.stream().filter(q -> q.method().equals("POST")).allMatch(q -> q.param("todo").equals("logout")),
                "the second run submits nothing but the logout");
    }

    @Test
    void aHalfDoneForwardIsCompletedWithoutASecondService() {
        router.addByHand("homeport pi 888", "tcp", 888, "192.168.0.99");
        // The service exists (a run that died after it), pointing at nothing we want: the rule is what is missing.
        connect(false).remove(888, Protocol.TCP, "192.168.0.99");
        router.addByHand("unrelated", "udp", 53, "192.168.0.7");
        assertEquals(List.of(), router.rules().stream().filter(x -> x.service().startsWith("homeport")).toList());

        connect(false).add(PI_888);

        assertEquals(1, router.services().stream().filter(s -> s.name().equals("homeport pi 888")).count());
        assertTrue(router.rules().contains(RULE));
    }

    @Test
    void aLeftOverServiceOfTheSameNameForAnotherPortIsNotReusedForTheRule() {
        // A run for port 8080 died after creating its service; now the user forwards 888 under the same name.
        SerCommEmulator.Service stale = new SerCommEmulator.Service("homeport pi 888", "tcp", 8080, 8080);
        router.addServiceByHand(stale);

        HomeportException e = assertThrows(HomeportException.class, () -> connect(false).add(PI_888));

        assertEquals(HomeportException.Kind.CONFLICT, e.kind(), e.getMessage());
        assertEquals(List.of(), router.rules(), "no inbound rule may open the left-over service's port 8080");
        assertEquals(List.of(stale), router.services());
        assertFalse(router.sessionOpen());
    }

    @Test
    void aLeftOverServiceOfTheSameNameForTheOtherProtocolIsNotReusedForTheRule() {
        SerCommEmulator.Service stale = new SerCommEmulator.Service("homeport pi 888", "udp", 888, 888);
        router.addServiceByHand(stale);

        assertThrows(HomeportException.class, () -> connect(false).add(PI_888));

        assertEquals(List.of(), router.rules(), "no inbound rule may open UDP 888");
    }

    @Test
    void aLeftOverServiceWithTheRightPortIsReusedAndOnlyTheRuleIsAdded() {
        router.addServiceByHand(SERVICE);

        assertInstanceOf(AddResult.Added.class, connect(false).add(PI_888));

        assertEquals(List.of(SERVICE), router.services());
        assertEquals(List.of(RULE), router.rules());
    }

    @Test
    void aProfileOfAnotherFamilySaysItDoesNotFitTheRouterRatherThanBlamingTheFirmware() {
        HomeportException e = assertThrows(HomeportException.class,
                () -> connect("netgear.acos.pforward", "password", false).list());

        assertTrue(e.getMessage().startsWith("the router at " + router.url() + " does not have the pages of profile"
                + " netgear.acos.pforward"), e.getMessage());
        assertTrue(e.getMessage().contains("FW_forward3.htm answered HTTP 404"), e.getMessage());
        String hint = e.hint().orElse("");
        assertTrue(hint.contains("--profile auto"), hint);
        assertFalse(hint.contains("profile needs updating"), hint);
        assertTrue(router.requests().stream().noneMatch(q -> q.method().equals("POST")));
    }

    @Test
    void unforwardRemovesTheRuleAndTheServiceItCreated() {
        Router r = connect(false);
        r.add(PI_888);

        RemoveResult result = connect(false).remove(888, Protocol.TCP, "192.168.0.50");

        assertInstanceOf(RemoveResult.Removed.class, result);
        assertEquals(List.of(), router.services());
        assertEquals(List.of(), router.rules());
        assertFalse(router.sessionOpen());
    }

    @Test
    void unforwardKeepsTheServiceWhileAnotherRuleStillUsesIt() {
        connect(false).add(PI_888);
        router.addByHand("spare", "tcp", 9, "192.168.0.51");
        // The owner pointed a second rule at homeport's service, to another host.
        SerCommEmulator.InboundRule theirs = new SerCommEmulator.InboundRule(true, "homeport pi 888", "2", "192.168.0.51", "Any", "1");
        router.addRuleByHand(theirs);

        RemoveResult result = connect(false).remove(888, Protocol.TCP, "192.168.0.50");

        assertInstanceOf(RemoveResult.Removed.class, result);
        assertTrue(router.services().contains(SERVICE), "the service stays: a rule still uses it");
        assertFalse(router.rules().contains(RULE));
        assertTrue(router.rules().contains(theirs));
    }

    @Test
    void bothProtocolsGetTwoServicesWithDistinctNames() {
        Router r = connect(false);
        r.add(PI_888);
        AddResult udp = r.add(PortMapping.of(888, Protocol.UDP, "192.168.0.50", 888, "homeport pi 888", 0));

        assertInstanceOf(AddResult.Added.class, udp);
        assertEquals("homeport pi 888 udp", udp.mapping().description());
        assertEquals(List.of(SERVICE, new SerCommEmulator.Service("homeport pi 888 udp", "udp", 888, 888)), router.services());
        assertInstanceOf(AddResult.AlreadyPresent.class,
                connect(false).add(PortMapping.of(888, Protocol.UDP, "192.168.0.50", 888, "homeport pi 888", 0)));
        assertInstanceOf(RemoveResult.Removed.class, connect(false).remove(888, Protocol.UDP, "192.168.0.50"));
        assertEquals(List.of(SERVICE), router.services());
    }

    @Test
    void unforwardLeavesTheOwnersHandMadeServiceAndRuleAlone() {
        router.addByHand("RPiHTTP", "tcp", 888, "192.168.0.50");

        RemoveResult result = connect(false).remove(888, Protocol.TCP, "192.168.0.50");

        assertInstanceOf(RemoveResult.NotOwned.class, result);
        assertEquals(1, router.services().size());
        assertEquals(1, router.rules().size());
    }

    @Test
    void unforwardLeavesOurNameAloneWhenItPointsAtAnotherHost() {
        connect(false).add(PI_888);

        RemoveResult result = connect(false).remove(888, Protocol.TCP, "192.168.0.51");

        assertInstanceOf(RemoveResult.NotOwned.class, result);
        assertEquals(List.of(RULE), router.rules());
    }

    @Test
    void theOwnersManualForwardToTheSameHostCountsAsPresent() {
        router.addByHand("RPiHTTP", "tcp", 888, "192.168.0.50");

        AddResult result = connect(false).add(PI_888);

        assertInstanceOf(AddResult.AlreadyPresent.class, result);
        assertEquals(1, router.services().size());
    }

    @Test
    void aPortHeldForAnotherHostIsAConflictAndNothingIsSubmitted() {
        router.addByHand("RPiHTTP", "tcp", 888, "192.168.0.60");

        AddResult result = connect(false).add(PI_888);

        assertInstanceOf(AddResult.Conflict.class, result);
        assertEquals("192.168.0.60", result.mapping().internalClient());
        assertEquals(1, router.rules().size());
    }

    @Test
    void listReadsServicesJoinedWithInboundRules() {
        router.addByHand("RPiHTTP", "tcp", 888, "192.168.0.50");
        router.addByHand("Game", "both", 3074, "192.168.0.70");

        List<PortMapping> list = connect(false).list();

        assertEquals(List.of(PortMapping.of(888, Protocol.TCP, "192.168.0.50", 888, "RPiHTTP", 0),
                PortMapping.of(3074, Protocol.TCP, "192.168.0.70", 3074, "Game", 0),
                PortMapping.of(3074, Protocol.UDP, "192.168.0.70", 3074, "Game", 0)), list);
        assertFalse(router.sessionOpen());
    }

    @Test
    void anExpiredTokenMidFlowIsRefetchedAndRetriedOnce() {
        router.expireTokenAtPost(2); // the service save: its SID is stale by the time it arrives

        AddResult result = connect(false).add(PI_888);

        assertInstanceOf(AddResult.Added.class, result);
        assertEquals(List.of(SERVICE), router.services());
        assertEquals(List.of(RULE), router.rules());
        assertFalse(router.sessionOpen());
    }

    @Test
    void anotherAdminLoggedInStopsBeforeChangingAnything() {
        router.otherAdminLoggedIn("192.168.0.23");

        HomeportException e = assertThrows(HomeportException.class, () -> connect(false).add(PI_888));

        assertEquals(HomeportException.Kind.WEB_ADMIN, e.kind());
        assertTrue(e.getMessage().contains("another administrator is logged in"), e.getMessage());
        assertTrue(e.hint().orElse("").contains("--take-over"));
        assertEquals(List.of(), router.services());
        assertTrue(router.stateText().contains("session 192.168.0.23"), "the other admin keeps the session");
    }

    @Test
    void takeOverEndsTheOtherSessionThenForwardsAndLogsOut() {
        router.otherAdminLoggedIn("192.168.0.23");

        AddResult result = connect(true).add(PI_888);

        assertInstanceOf(AddResult.Added.class, result);
        assertEquals(List.of(RULE), router.rules());
        assertFalse(router.sessionOpen());
    }

    @Test
    void aWrongPasswordSaysSoAndChangesNothing() {
        WebAdminException e = assertThrows(WebAdminException.class,
                () -> connect("auto", "wrong", false).add(PI_888));

        assertEquals(HomeportException.Kind.WEB_ADMIN, e.kind());
        assertTrue(e.getMessage().contains("refused user 'admin'"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), "the password is never shown");
        assertEquals(401, e.httpStatus().orElse(0));
        assertEquals(List.of(), router.services());
    }

    @Test
    void theRoutersRefusalIsReportedWithWhatWasAlreadyApplied() {
        PortMapping outside = PortMapping.of(888, Protocol.TCP, "10.0.0.5", 888, "homeport pi 888", 0);

        WebAdminException e = assertThrows(WebAdminException.class, () -> connect(false).add(outside));

        assertTrue(e.getMessage().contains("\"Invalid LAN IP address\""), e.getMessage());
        assertTrue(e.getMessage().contains("already applied before the failure: custom service 'homeport pi 888'"), e.getMessage());
        assertEquals("save_inbound", e.step().orElseThrow());
        assertFalse(router.sessionOpen(), "logged out after the failure too");
    }

    @Test
    void aSelectorThatNoLongerMatchesNamesStepAndSelectorAndWhatWasHalfApplied() throws Exception {
        String shipped = new String(getClass().getResourceAsStream("/profiles/netgear/sercomm-services-inbound.yaml").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(userProfiles.resolve("changed.yaml"), shipped
                .replace("id: netgear.sercomm.services-inbound", "id: netgear.sercomm.changed")
                .replace("form: 'form:has(select[name=service_list])'", "form: 'form:has(select[name=svc_list])'"));

        WebAdminException e = assertThrows(WebAdminException.class,
                () -> connect("netgear.sercomm.changed", "password", false).add(PI_888));

        assertEquals("save_inbound", e.step().orElseThrow());
        assertEquals("netgear.sercomm.changed", e.profileId().orElseThrow());
        assertTrue(e.getMessage().contains("no form matches 'form:has(select[name=svc_list])' on setup.cgi"), e.getMessage());
        assertTrue(e.getMessage().contains("custom service 'homeport pi 888' (tcp 888-888) (step save_service)"), e.getMessage());
        assertFalse(router.sessionOpen(), "logged out after the failure");
    }

    @Test
    void olderFirmwareWithTheInboundTableOnFirewallRulesWorksToo() {
        router.legacyLayout();

        assertInstanceOf(AddResult.Added.class, connect(false).add(PI_888));
        assertEquals(List.of(RULE), router.rules());
    }

    @Test
    void aNameLongerThanTheRouterAcceptsIsRefusedBeforeLoggingIn() {
        PortMapping longName = PortMapping.of(888, Protocol.TCP, "192.168.0.50", 888, "homeport a-very-long-host-name 888", 0);

        HomeportException e = assertThrows(HomeportException.class, () -> connect(false).add(longName));

        assertEquals(HomeportException.Kind.USAGE, e.kind());
        assertEquals(0, router.logins());
    }

    @Test
    void theRoutersDynamicDnsPageIsFilledIn() {
        WebAdmin admin = new WebAdmin(HTTP, Profiles.standard(userProfiles), ms -> { });
        String done = admin.configureDdns(new WebAdmin.Target(router.url(), "auto", "admin", "password", false, OptionalInt.of(0)),
                new WebAdmin.DdnsSettings("dyndns", "savvypete.is-lost.org", "pete", "s3cret-ddns"));

        assertEquals(new SerCommEmulator.Ddns(true, "dyndns", "savvypete.is-lost.org", "pete", "s3cret-ddns"), router.ddns());
        assertFalse(done.contains("s3cret-ddns"));
        assertFalse(router.sessionOpen());
    }
}
