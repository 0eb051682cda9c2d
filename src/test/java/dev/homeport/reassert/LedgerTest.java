package dev.homeport.reassert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.homeport.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
    @TempDir
    Path tmp;

    @Test
    void writesOnlyWhenAnEntryChangedAndReadsBackWhatItWrote() throws Exception {
        StateStore store = new StateStore(tmp);
        Ledger ledger = new Ledger(store);
        Map<String, Ledger.Entry> first = new TreeMap<>(Map.of("888/TCP", new Ledger.Entry("192.0.2.10", 888, 604_800)));

        ledger.writeIfChanged(Map.of(), first);
        assertEquals(first, ledger.read());
        Path file = tmp.resolve(Ledger.STATE_NAME + ".state");
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));

        ledger.writeIfChanged(ledger.read(), new TreeMap<>(Map.of("888/TCP", new Ledger.Entry("192.0.2.10", 888, 604_800))));
        assertEquals(0, Files.getLastModifiedTime(file).toMillis(), "the same entries: not written again");

        ledger.writeIfChanged(ledger.read(), Map.of("888/TCP", new Ledger.Entry("192.0.2.10", 888, 3600)));
        assertNotEquals(0, Files.getLastModifiedTime(file).toMillis(), "a new lease: written");
        assertEquals(3600, ledger.read().get("888/TCP").grantedLease());
    }
}
