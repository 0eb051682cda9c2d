package dev.homeport.reassert;

import static dev.homeport.core.Protocol.TCP;
import static dev.homeport.core.Protocol.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.reassert.Step.Action;
import dev.homeport.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcilerTest {
    static final String ME = "192.0.2.10";
    static final String OTHER = "192.0.2.11";
    static final long WEEK = 604_800;

    @TempDir
    Path tmp;

    final FakeRouter router = new FakeRouter();
    final FakeDns dns = new FakeDns();

    StateStore store() {
        return new StateStore(tmp.resolve("state"));
    }

    Report run(Plan plan) {
        return new Reconciler(router, Optional.empty(), store()).run(plan, false, true);
    }

    static Plan.Wanted want(String name, int ext, Protocol p, String client, int port, long lease) {
        return new Plan.Wanted(name, PortMapping.of(ext, p, client, port, "homeport " + name, lease));
    }

    static Plan plan(Plan.Wanted... wanted) {
        return new Plan(ME, List.of(wanted));
    }

    static List<Action> actions(Report r) {
        return r.steps().stream().map(Step::action).toList();
    }

    @Test
    void addsAMissingMappingForEachProtocolPointingAtThisHost() {
        Report r = run(plan(want("game", 7777, TCP, ME, 7777, WEEK), want("game", 7777, UDP, ME, 7777, WEEK)));
        assertEquals(List.of("add 7777/tcp 192.0.2.10:7777", "add 7777/udp 192.0.2.10:7777"), router.writes());
        assertEquals(List.of(Action.ADDED, Action.ADDED), actions(r));
        assertEquals("added 7777/tcp -> 192.0.2.10:7777 (game, lease 7d)", r.steps().get(0).message());
        assertTrue(r.inSync());
        assertEquals(Optional.empty(), r.outcome());
    }

    @Test
    void anAddTheRouterWillNotReadBackIsReportedUnverified() {
        router.unverifiable = true;
        Report r = run(plan(want("game", 7777, TCP, ME, 7777, WEEK)));
        assertEquals(List.of(Action.ADDED), actions(r));
        assertEquals("added 7777/tcp -> 192.0.2.10:7777 (game, lease 7d) unverified: the router accepted it but refused to read"
                + " it back (UPnP 602)", r.steps().get(0).message());
    }

    @Test
    void changesNothingAndRewritesNoStateWhenEverythingIsInPlace() throws Exception {
        router.put(888, TCP, ME, 888, "homeport blog", WEEK - 600);
        Plan plan = plan(want("blog", 888, TCP, ME, 888, WEEK));
        run(plan);
        Path file = store().file(Ledger.STATE_NAME);
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        router.calls.clear();
        Report r = run(plan);
        assertEquals(List.of("list"), router.calls);
        assertEquals(List.of(Action.OK), actions(r));
        assertEquals("ok 888/tcp -> 192.0.2.10:888 (blog, 6d 23h left)", r.steps().get(0).message());
        assertTrue(r.changes().isEmpty());
        assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(file), "a run that changed nothing must not write state");
    }

    @Test
    void renewsAMappingWithLessThanHalfOfItsRequestedLeaseLeft() {
        router.put(888, TCP, ME, 888, "homeport blog", WEEK / 2 - 1);
        Report r = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of("add 888/tcp 192.0.2.10:888"), router.writes());
        assertEquals(List.of(Action.RENEWED), actions(r));
        assertEquals(WEEK, router.table.get("888/tcp").leaseSeconds());
        assertEquals("renewed 888/tcp -> 192.0.2.10:888 (blog, lease 7d; 3d 11h left)", r.steps().get(0).message());
    }

    @Test
    void leavesAMappingWithHalfOfItsLeaseLeftAlone() {
        router.put(888, TCP, ME, 888, "homeport blog", WEEK / 2);
        Report r = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of(), router.writes());
        assertEquals(List.of(Action.OK), actions(r));
    }

    @Test
    void measuresHalfTheLeaseAgainstWhatTheRouterGrantedWhenItClampedTheRequest() {
        router.maxLease = 3_600;
        Plan plan = plan(want("blog", 888, TCP, ME, 888, WEEK));
        run(plan);
        router.table.put("888/tcp", router.table.get("888/tcp").withLease(1_900));
        assertEquals(List.of(Action.OK), actions(run(plan)), "more than half of the granted hour is left");
        router.table.put("888/tcp", router.table.get("888/tcp").withLease(1_700));
        assertEquals(List.of(Action.RENEWED), actions(run(plan)));
    }

    @Test
    void neverRenewsAPermanentMapping() {
        router.put(888, TCP, ME, 888, "homeport blog", 0);
        assertEquals(List.of(Action.OK), actions(run(plan(want("blog", 888, TCP, ME, 888, 0)))));
        assertEquals(List.of(), router.writes());
    }

    @Test
    void fixesItsOwnMappingStillPointingAtThisHostsPreviousAddress() {
        router.put(888, TCP, "192.0.2.12", 888, "homeport blog", WEEK);
        store().write(Ledger.STATE_NAME, Map.of("888/tcp", "192.0.2.12 888 604800"));
        Report r = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of("remove 888/tcp 192.0.2.12", "add 888/tcp 192.0.2.10:888"), router.writes());
        assertEquals(List.of(Action.FIXED), actions(r));
        assertEquals(ME, router.table.get("888/tcp").internalClient());
        assertEquals("fixed 888/tcp -> 192.0.2.10:888 (blog; it was -> 192.0.2.12:888 \"homeport blog\")", r.steps().get(0).message());
        assertEquals(Map.of("888/tcp", new Ledger.Entry(ME, 888, WEEK)), new Ledger(store()).read());
    }

    @Test
    void explainsWhatToDoWhenASecureRouterWillNotLetThisHostMoveItsOldMapping() {
        router.secureMode = true;
        router.put(888, TCP, "192.0.2.12", 888, "homeport blog", 3_600);
        store().write(Ledger.STATE_NAME, Map.of("888/tcp", "192.0.2.12 888 604800"));
        Report r = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of(Action.FAILED), actions(r));
        assertEquals(Optional.of(Kind.ROUTER_REFUSED), r.outcome());
        assertEquals("failed to fix 888/tcp (blog): the router refused (606 Action not authorized)", r.steps().get(0).message());
        assertEquals("the router lets only 192.0.2.12 change this mapping: remove it in the router's admin page or wait until its"
                + " lease runs out (1h left); reserving one address for this host in the router's DHCP settings prevents this",
                r.steps().get(0).hint().orElseThrow());
        assertEquals("192.0.2.12", router.table.get("888/tcp").internalClient(), "left as it was");
        assertEquals(Map.of("888/tcp", new Ledger.Entry("192.0.2.12", 888, WEEK)), new Ledger(store()).read(), "still known as ours");
    }

    @Test
    void fixesItsOwnMappingToTheWrongInternalPortOfThisHost() {
        router.put(888, TCP, ME, 8080, "homeport blog", WEEK);
        Report r = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of(Action.FIXED), actions(r));
        assertEquals(888, router.table.get("888/tcp").internalPort());
    }

    @Test
    void reportsAConflictAndTouchesNothingWhenAnotherProgramHoldsThePort() {
        PortMapping theirs = router.put(888, TCP, OTHER, 888, "upnpc forward", 0);
        Report r = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of(), router.writes());
        assertEquals(theirs, router.table.get("888/tcp"));
        assertEquals(List.of(Action.CONFLICT), actions(r));
        assertEquals(Optional.of(Kind.CONFLICT), r.outcome());
        assertEquals("conflict 888/tcp: held by 192.0.2.11:888 (\"upnpc forward\"), wanted for blog -> 192.0.2.10:888; left alone",
                r.steps().get(0).message());
        assertTrue(r.steps().get(0).hint().orElseThrow().contains("another external-port"));
    }

    @Test
    void treatsAnotherHostsHomeportMappingAsAConflict() {
        PortMapping theirs = router.put(888, TCP, OTHER, 888, "homeport blog", WEEK);
        Report r = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of(), router.writes());
        assertEquals(theirs, router.table.get("888/tcp"));
        assertEquals(Optional.of(Kind.CONFLICT), r.outcome());
    }

    @Test
    void leavesAnotherProgramsMappingThatForwardsExactlyAsAskedAlone() {
        router.put(888, TCP, ME, 888, "miniupnpc", 100);
        Report r = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of(), router.writes());
        assertEquals(List.of(Action.UNMANAGED), actions(r));
        assertTrue(r.inSync());
    }

    @Test
    void prunesTheMappingItMadeForTheConfigOnceItLeavesTheConfig() {
        run(plan(want("blog", 888, TCP, ME, 888, WEEK), want("old", 999, TCP, ME, 999, WEEK)));
        router.calls.clear();
        Report r = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of("remove 999/tcp 192.0.2.10"), router.writes());
        assertEquals(List.of(Action.OK, Action.REMOVED), actions(r));
        assertEquals("removed 999/tcp -> 192.0.2.10:999 (homeport old: no longer in the config)", r.steps().get(1).message());
    }

    @Test
    void leavesAHomeportMappingToThisHostThatItDidNotMakeForTheConfigAlone() {
        router.put(888, TCP, ME, 888, "homeport blog", WEEK);
        router.put(5555, TCP, ME, 5555, "homeport pi 5555", WEEK);
        Report r = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of(), router.writes());
        assertEquals(List.of(Action.OK), actions(r));
        assertEquals(2, router.table.size());
    }

    @Test
    void keepsAForwardMadeByHandAliveThroughARebootAndALowLease() {
        Plan.Wanted byHand = new Plan.Wanted("homeport pi 5555", PortMapping.of(5555, TCP, ME, 5555, "homeport pi 5555", 3600), true);
        Plan plan = plan(want("blog", 888, TCP, ME, 888, WEEK), byHand);
        router.put(888, TCP, ME, 888, "homeport blog", WEEK);
        router.put(5555, TCP, ME, 5555, "homeport pi 5555", 3000);
        assertEquals(List.of(Action.OK, Action.OK), actions(run(plan)));
        router.table.clear();
        Report rebooted = run(plan);
        assertEquals(List.of(Action.ADDED, Action.ADDED), actions(rebooted));
        assertEquals("added 5555/tcp -> 192.0.2.10:5555 (homeport pi 5555, lease 1h)", rebooted.steps().get(1).message());
        router.put(5555, TCP, ME, 5555, "homeport pi 5555", 1000);
        assertEquals(List.of(Action.OK, Action.RENEWED), actions(run(plan)));
        Report afterUnforward = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of(Action.OK, Action.REMOVED), actions(afterUnforward),
                "once forgotten (unforward), a forward that reassert restored is pruned like any other");
    }

    @Test
    void saysRenamedNotFixedWhenOnlyTheNameChanged() {
        router.put(888, TCP, ME, 888, "homeport blog", WEEK);
        Report r = run(plan(want("site", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of(Action.RENAMED), actions(r));
        assertEquals("renamed 888/tcp -> 192.0.2.10:888 (site; it was \"homeport blog\")", r.steps().get(0).message());
        assertEquals("homeport site", router.table.get("888/tcp").description());
        assertTrue(run(plan(want("site", 888, TCP, ME, 888, WEEK))).changes().isEmpty());
    }

    @Test
    void keepsMappingsThatLeftTheConfigWhenPruningIsOff() {
        run(plan(want("old", 999, TCP, ME, 999, WEEK)));
        router.calls.clear();
        Report r = new Reconciler(router, Optional.empty(), store()).run(plan(), false, false);
        assertEquals(List.of(), router.writes());
        assertEquals(List.of(Action.KEPT), actions(r));
        assertTrue(r.changes().isEmpty());
    }

    @Test
    void neverPrunesForeignMappingsOrOtherHostsHomeportMappings() {
        router.put(999, TCP, OTHER, 999, "homeport other pi", WEEK);
        router.put(1000, TCP, ME, 1000, "Skype", 0);
        router.put(1001, UDP, OTHER, 1001, "torrent", 0);
        Report r = run(plan());
        assertEquals(List.of(), router.writes());
        assertEquals(List.of(), r.steps());
        assertEquals(3, router.table.size());
    }

    @Test
    void prunesAMappingItMadeForAnotherHostOnceItLeavesTheConfig() {
        Plan withNas = plan(want("nas", 5001, TCP, "192.0.2.20", 5001, WEEK));
        run(withNas);
        assertEquals("192.0.2.20", router.table.get("5001/tcp").internalClient());
        Report r = run(plan());
        assertEquals(List.of(Action.REMOVED), actions(r));
        assertTrue(router.table.isEmpty());
    }

    @Test
    void reAddsEverythingLostInARouterRebootAndThenHasNothingToDo() {
        Plan plan = plan(want("blog", 888, TCP, ME, 888, WEEK), want("game", 7777, UDP, ME, 7777, WEEK));
        run(plan);
        router.table.clear();
        Report again = run(plan);
        assertEquals(List.of(Action.ADDED, Action.ADDED), actions(again));
        router.calls.clear();
        Report third = run(plan);
        assertTrue(third.changes().isEmpty());
        assertEquals(List.of(), router.writes());
    }

    @Test
    void dryRunChangesNothingAnywhereAndSaysWhatItWouldDo() throws Exception {
        run(plan(want("old", 999, TCP, ME, 999, WEEK)));
        router.calls.clear();
        Path ledger = store().file(Ledger.STATE_NAME);
        String before = Files.readString(ledger);
        router.put(888, TCP, ME, 888, "homeport blog", 60);
        Plan plan = plan(want("blog", 888, TCP, ME, 888, WEEK), want("game", 7777, UDP, ME, 7777, WEEK));
        Report r = new Reconciler(router, Optional.of(dns), store()).run(plan, true, true);
        assertEquals(List.of(), router.writes());
        assertEquals(List.of(), dns.sent);
        assertEquals(List.of(true), dns.dryRuns);
        assertEquals(before, Files.readString(ledger), "a dry run must not write state");
        assertEquals(List.of("would renew 888/tcp -> 192.0.2.10:888 (blog, lease 7d; 1m left)",
                "would add 7777/udp -> 192.0.2.10:7777 (game, lease 7d)",
                "would remove 999/tcp -> 192.0.2.10:999 (homeport old: no longer in the config)",
                "dns: would update pete.example.org to 11.7.0.2"), r.steps().stream().map(Step::message).toList());
        assertTrue(r.dryRun());
    }

    @Test
    void aDryRunOnAFreshHostCreatesNoStateDirectory() {
        router.put(888, TCP, ME, 888, "homeport blog", 60);
        new Reconciler(router, Optional.empty(), store()).run(plan(want("game", 7777, UDP, ME, 7777, WEEK)), true, true);
        assertFalse(Files.exists(store().dir()), "a dry run must not create the state directory");
        assertTrue(Reconciler.nothingToKeep(store()));
    }

    @Test
    void updatesDnsWithTheRoutersAddressOnlyWhenItChanged() {
        Plan plan = plan(want("blog", 888, TCP, ME, 888, WEEK));
        Reconciler reconciler = new Reconciler(router, Optional.of(dns), store());
        Report first = reconciler.run(plan, false, true);
        assertEquals(Action.DNS_UPDATED, first.steps().get(1).action());
        assertEquals(Optional.of("11.7.0.2"), first.externalAddress());
        assertEquals(Action.DNS_UNCHANGED, reconciler.run(plan, false, true).steps().get(1).action());
        router.wanAddress = "11.7.0.99";
        Report moved = reconciler.run(plan, false, true);
        assertEquals("dns: updated pete.example.org to 11.7.0.99", moved.steps().get(1).message());
        assertEquals(List.of("11.7.0.2", "11.7.0.99"), dns.sent);
    }

    @Test
    void reportsDnsOnHoldOrLatchedAsBlockedAndFailuresAsFailed() {
        Plan plan = plan();
        dns.forced = Optional.of(new DnsResult(DnsResult.Status.HELD, Optional.empty(), "held until 10:30 UTC: 911",
                Optional.of("wait")));
        Report held = new Reconciler(router, Optional.of(dns), store()).run(plan, false, true);
        assertEquals(Optional.of(Kind.DDNS_BLOCKED), held.outcome());
        assertEquals("dns: held until 10:30 UTC: 911", held.steps().get(0).message());
        assertEquals(Optional.of("wait"), held.steps().get(0).hint());
        dns.forced = Optional.of(new DnsResult(DnsResult.Status.LATCHED, Optional.empty(), "latched: badauth", Optional.of("fix")));
        assertEquals(Optional.of(Kind.DDNS_BLOCKED), new Reconciler(router, Optional.of(dns), store()).run(plan, false, true).outcome());
        dns.forced = Optional.of(new DnsResult(DnsResult.Status.FAILED, Optional.empty(), "connection refused", Optional.of("x")));
        assertEquals(Optional.of(Kind.DDNS_FAILED), new Reconciler(router, Optional.of(dns), store()).run(plan, false, true).outcome());
        assertFalse(router.calls.contains("externalAddress"), "a blocked updater need not ask the router");
    }

    @Test
    void stopsWithNoRouterWhenTheRouterStopsAnsweringBeforeDns() {
        Reconciler reconciler = new Reconciler(router, Optional.of(dns), store());
        router.unreachableFor = "externalAddress";
        HomeportException e = assertThrows(HomeportException.class,
                () -> reconciler.run(plan(want("blog", 888, TCP, ME, 888, WEEK)), false, true));
        assertEquals(Kind.NO_ROUTER, e.kind());
        assertEquals(List.of(), dns.sent);
        assertTrue(router.table.containsKey("888/tcp"), "the mapping was made before DNS was tried");
    }

    @Test
    void stopsWithNoRouterWhenTheRouterDoesNotAnswer() {
        router.unreachable = true;
        HomeportException e = assertThrows(HomeportException.class, () -> run(plan(want("blog", 888, TCP, ME, 888, WEEK))));
        assertEquals(Kind.NO_ROUTER, e.kind());
    }

    @Test
    void goesOnWithTheOtherForwardsWhenTheRouterRefusesOne() {
        router.secureMode = true;
        Report r = run(plan(want("nas", 5001, TCP, "192.0.2.20", 5001, WEEK), want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of(Action.FAILED, Action.ADDED), actions(r));
        assertEquals(Optional.of(Kind.ROUTER_REFUSED), r.outcome());
        assertEquals("failed to add 5001/tcp (nas): the router refused (606 Action not authorized)", r.steps().get(0).message());
        assertTrue(router.table.containsKey("888/tcp"));
    }

    @Test
    void reportsAConflictBeforeOtherProblems() {
        router.secureMode = true;
        router.put(888, TCP, OTHER, 888, "xbox", 0);
        Report r = run(plan(want("nas", 5001, TCP, "192.0.2.20", 5001, WEEK), want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(Optional.of(Kind.CONFLICT), r.outcome());
        assertEquals(2, r.problems().size());
    }

    @Test
    void reEnablesItsOwnDisabledMapping() {
        router.table.put("888/tcp", new PortMapping(888, TCP, ME, 888, "homeport blog", false, WEEK, ""));
        Report r = run(plan(want("blog", 888, TCP, ME, 888, WEEK)));
        assertEquals(List.of(Action.FIXED), actions(r));
        assertTrue(router.table.get("888/tcp").enabled());
    }

    @Test
    void aRunThatDiesRightAfterTheRouterAcceptedAChangeIsRepairedByTheNextWithoutDuplicates() {
        Plan plan = plan(want("nas", 5001, TCP, "192.0.2.20", 5001, WEEK), want("blog", 888, TCP, ME, 888, WEEK));
        router.dieAfterChange = new IllegalStateException("killed");
        assertThrows(IllegalStateException.class, () -> run(plan));
        assertEquals(1, router.table.size());
        Report next = run(plan);
        assertEquals(List.of(Action.OK, Action.ADDED), actions(next));
        assertEquals(2, router.table.size());
        assertTrue(store().read(Ledger.STATE_NAME).isPresent(), "the state file parses");
        assertTrue(run(plan()).steps().stream().allMatch(s -> s.action() == Action.REMOVED), "both are known as its own");
        assertTrue(router.table.isEmpty());
    }

    @Test
    void ignoresGarbageInItsStateFile() throws Exception {
        Files.createDirectories(store().dir());
        Files.writeString(store().file(Ledger.STATE_NAME), "# homeport state reassert\n888/tcp=nonsense\nx=y\n#end\n");
        router.put(888, TCP, ME, 888, "homeport blog", WEEK);
        assertEquals(List.of(Action.OK), actions(run(plan(want("blog", 888, TCP, ME, 888, WEEK)))));
    }

    @Test
    void planFillsThisHostForForwardsWithoutATarget() {
        List<Plan.Wanted> wanted = new ArrayList<>();
        wanted.add(want("a", 1, TCP, ME, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Plan("not-an-ip", wanted));
        wanted.add(want("b", 1, TCP, ME, 2, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Plan(ME, wanted));
        assertEquals("wanted (1/tcp) appears twice", e.getMessage());
    }
}
