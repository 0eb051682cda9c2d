package dev.homeport.doublenat;

import static dev.homeport.core.Protocol.TCP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.AddResult;
import dev.homeport.core.PortMapping;
import dev.homeport.core.RemoveResult;
import dev.homeport.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OuterKeeperTest {
    private static final String BOX = "192.168.100.1";
    private static final String INNER_WAN = "192.168.100.2";
    private static final long WEEK = 604_800;
    @TempDir
    Path tmp;
    private final FakeOuter outer = new FakeOuter();
    private OuterLedger ledger;

    @BeforeEach
    void ledger() {
        ledger = new OuterLedger(new StateStore(tmp));
    }

    private OuterKeeper keeper(String innerWan) {
        return new OuterKeeper(outer, BOX, "uuid:box", innerWan, ledger);
    }

    private static PortMapping inner(int port) {
        return PortMapping.of(port, TCP, "192.0.2.10", port, "homeport pi " + port, WEEK);
    }

    @Test
    void aMappingAddedOnTheOuterRouterIsRecordedAndRemovedWithItsRecord() {
        AddResult added = keeper(INNER_WAN).add(888, TCP, "homeport pi 888", WEEK);
        assertInstanceOf(AddResult.Added.class, added);
        assertEquals(INNER_WAN, outer.table.get("888/tcp").internalClient());
        assertEquals(INNER_WAN, ledger.get(888, TCP).orElseThrow().innerWan());

        assertInstanceOf(RemoveResult.Removed.class, keeper(INNER_WAN).remove(888, TCP));
        assertTrue(outer.table.isEmpty());
        assertTrue(ledger.read().isEmpty());
    }

    @Test
    void aHomeportMappingToTheInnerRouterThatIsNotRecordedIsNeverRemoved() {
        // Another Pi behind the same inner router made it: on the outer, every host behind the inner is one address.
        outer.table.put("888/tcp", PortMapping.of(888, TCP, INNER_WAN, 888, "homeport nas 888", WEEK));
        RemoveResult r = keeper(INNER_WAN).remove(888, TCP);
        assertInstanceOf(RemoveResult.NotOwned.class, r);
        assertEquals("homeport nas 888", outer.table.get("888/tcp").description());
        assertEquals(List.of(), outer.changes);
    }

    @Test
    void aRecordedPortThatSomeoneElseTookOverIsLeftAlone() {
        keeper(INNER_WAN).add(888, TCP, "homeport pi 888", WEEK);
        outer.table.put("888/tcp", PortMapping.of(888, TCP, INNER_WAN, 888, "homeport nas 888", WEEK));
        assertInstanceOf(RemoveResult.NotOwned.class, keeper(INNER_WAN).remove(888, TCP));
        assertEquals("homeport nas 888", outer.table.get("888/tcp").description());
    }

    @Test
    void keepRestoresWhatTheOuterRouterLostAndLeavesWhatIsInPlaceUntouched() {
        keeper(INNER_WAN).add(888, TCP, "homeport pi 888", WEEK);
        outer.changes.clear();
        List<OuterKeeper.Step> inPlace = keeper(INNER_WAN).keep(List.of(inner(888)), false);
        assertEquals(OuterKeeper.Action.KEPT, inPlace.get(0).action());
        assertEquals(List.of(), outer.changes, "nothing sent while all is in place");

        outer.table.clear(); // the ISP box restarted
        List<OuterKeeper.Step> restored = keeper(INNER_WAN).keep(List.of(inner(888)), false);
        assertEquals(OuterKeeper.Action.RESTORED, restored.get(0).action());
        assertEquals(PortMapping.of(888, TCP, INNER_WAN, 888, "homeport pi 888", WEEK), outer.table.get("888/tcp"));
    }

    @Test
    void aForwardTheLedgerDoesNotKnowIsAddedAndFromThenOnRecorded() {
        assertEquals(OuterKeeper.Action.ADDED, keeper(INNER_WAN).keep(List.of(inner(888)), false).get(0).action());
        assertEquals("homeport pi 888", ledger.get(888, TCP).orElseThrow().description());
    }

    @Test
    void keepRenewsALeaseWithLessThanHalfLeftAndReassertRenewsEveryTime() {
        outer.table.put("888/tcp", PortMapping.of(888, TCP, INNER_WAN, 888, "homeport pi 888", WEEK / 3));
        assertEquals(OuterKeeper.Action.RENEWED, keeper(INNER_WAN).keep(List.of(inner(888)), false).get(0).action());
        assertEquals(WEEK, outer.table.get("888/tcp").leaseSeconds());
        outer.changes.clear();
        assertEquals(OuterKeeper.Action.KEPT, keeper(INNER_WAN).keep(List.of(inner(888)), true).get(0).action());
        assertEquals(List.of("add 888/tcp " + INNER_WAN), outer.changes);
    }

    @Test
    void whenTheInnerRoutersWanAddressChangedItsOwnOldMappingMovesButAnotherIsAConflict() {
        keeper(INNER_WAN).add(888, TCP, "homeport pi 888", WEEK);
        List<OuterKeeper.Step> moved = keeper("192.168.100.7").keep(List.of(inner(888)), false);
        assertEquals(OuterKeeper.Action.MOVED, moved.get(0).action());
        assertEquals("192.168.100.7", outer.table.get("888/tcp").internalClient());
        assertEquals("192.168.100.7", ledger.get(888, TCP).orElseThrow().innerWan());

        outer.table.put("889/tcp", PortMapping.of(889, TCP, "192.168.100.9", 889, "game console", 0));
        List<OuterKeeper.Step> conflict = keeper("192.168.100.7").keep(List.of(inner(889)), false);
        assertEquals(OuterKeeper.Action.CONFLICT, conflict.get(0).action());
        assertEquals("game console", outer.table.get("889/tcp").description());
    }

    @Test
    void pruneRemovesOnlyRecordedMappingsNoLongerWanted() {
        keeper(INNER_WAN).add(888, TCP, "homeport pi 888", WEEK);
        keeper(INNER_WAN).add(889, TCP, "homeport pi 889", WEEK);
        outer.table.put("890/tcp", PortMapping.of(890, TCP, INNER_WAN, 890, "homeport nas 890", WEEK));

        List<OuterKeeper.Step> steps = keeper(INNER_WAN).prune(Set.of("888/tcp"));

        assertEquals(1, steps.size(), steps::toString);
        assertEquals(OuterKeeper.Action.REMOVED, steps.get(0).action());
        assertEquals(Set.of("888/tcp", "890/tcp"), outer.table.keySet());
        assertEquals(Set.of("888/tcp"), ledger.read().keySet());
    }

    @Test
    void anOuterRouterThatDoesNotAnswerIsAFailedStepNotAnException() {
        outer.down = true;
        List<OuterKeeper.Step> steps = keeper(INNER_WAN).keep(List.of(inner(888)), false);
        assertEquals(OuterKeeper.Action.FAILED, steps.get(0).action());
        assertTrue(steps.get(0).detail().contains("does not answer"), steps.get(0).detail());
    }
}
