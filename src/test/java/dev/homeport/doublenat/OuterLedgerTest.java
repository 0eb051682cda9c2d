package dev.homeport.doublenat;

import static dev.homeport.core.Protocol.TCP;
import static dev.homeport.core.Protocol.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.PortMapping;
import dev.homeport.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OuterLedgerTest {
    @TempDir
    Path tmp;

    private static OuterLedger.Entry entry(int port, String udn) {
        return OuterLedger.Entry.of(PortMapping.of(port, TCP, "192.168.100.2", port, "homeport pi " + port, 604_800), 604_800,
                "192.168.100.1", udn);
    }

    @Test
    void recordsTheOuterRouterThePortTheInnerWanAddressAndTheLeaseAndReadsThemBack() throws Exception {
        OuterLedger ledger = new OuterLedger(new StateStore(tmp));
        ledger.remember(entry(888, "uuid:isp-box"));
        ledger.remember(OuterLedger.Entry.of(PortMapping.of(53, UDP, "192.168.100.2", 5353, "homeport dns", 0), 0,
                "192.168.100.1", ""));

        Map<String, OuterLedger.Entry> read = new OuterLedger(new StateStore(tmp)).read();
        assertEquals(Set.of("888/tcp", "53/udp"), read.keySet());
        assertEquals(entry(888, "uuid:isp-box"), read.get("888/tcp"));
        assertEquals("-", read.get("53/udp").udn());
        assertEquals(5353, read.get("53/udp").internalPort());
        String file = Files.readString(tmp.resolve("outer.state"));
        assertTrue(file.contains("888/tcp=192.168.100.2 888 604800 192.168.100.1 uuid\\:isp-box homeport pi 888"), file);
    }

    @Test
    void forgetsOnlyTheOneAskedForAndWritesNothingWhenNothingChanged() throws Exception {
        OuterLedger ledger = new OuterLedger(new StateStore(tmp));
        ledger.remember(entry(888, "uuid:a"));
        ledger.remember(entry(889, "uuid:a"));
        Path file = tmp.resolve("outer.state");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
        ledger.remember(entry(888, "uuid:a"));
        assertEquals(0, Files.getLastModifiedTime(file).toMillis(), "an unchanged record is not rewritten (SD card)");

        ledger.forget(888, TCP);
        ledger.forget(888, UDP);
        assertEquals(Set.of("889/tcp"), ledger.read().keySet());
    }

    @Test
    void anUnreadableEntryIsIgnoredNeverTakenForARecord() throws Exception {
        new StateStore(tmp).write("outer", Map.of("888/tcp", "192.168.100.2 888 604800 192.168.100.1 - not-ours",
                "889/tcp", "garbage", "890/tcp", "192.168.100.2 890 60 192.168.100.1 - homeport pi 890"));
        assertEquals(Set.of("890/tcp"), new OuterLedger(new StateStore(tmp)).read().keySet());
    }

    @Test
    void aRecordBelongsToTheRouterWithItsUdnOrWithoutOneToItsAddress() {
        assertTrue(entry(888, "uuid:a").onRouter("192.168.100.254", "uuid:a"));
        assertFalse(entry(888, "uuid:a").onRouter("192.168.100.1", "uuid:b"), "another box at the same address");
        assertTrue(entry(888, "").onRouter("192.168.100.1", "uuid:b"));
        assertFalse(entry(888, "").onRouter("192.168.100.254", ""));
    }

    @Test
    void anEntryWithoutHomeportsMarkerOrWithABadAddressIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OuterLedger.Entry(888, TCP, "192.168.100.2", 888, 0,
                "192.168.100.1", "", "someone else"));
        assertThrows(IllegalArgumentException.class, () -> new OuterLedger.Entry(888, TCP, "pi.local", 888, 0,
                "192.168.100.1", "", "homeport pi"));
    }
}
