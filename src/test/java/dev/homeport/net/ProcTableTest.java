package dev.homeport.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcTableTest {
    /** /proc/net/route as the kernel writes it: tab-separated, a header, the default route second. */
    private static final String ROUTE = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
            + "eth0\t0002000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
            + "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n";

    @TempDir
    Path tmp;

    @Test
    void splitsEachLineIntoItsFieldsOnRunsOfTabsAndSpaces() throws Exception {
        Path f = Files.writeString(tmp.resolve("t"), "  a\t\tb  c \n\n00000000000000000000000000000001 01 80 10 80       lo\n");

        List<String[]> rows = ProcTable.rows(f, 100);

        assertEquals(3, rows.size());
        assertArrayEquals(new String[] {"a", "b", "c"}, rows.get(0));
        assertArrayEquals(new String[0], rows.get(1), "an empty line has no field");
        assertArrayEquals(new String[] {"00000000000000000000000000000001", "01", "80", "10", "80", "lo"}, rows.get(2));
    }

    @Test
    void readsAtMostTheLinesAndBytesAsked() throws Exception {
        Path f = Files.writeString(tmp.resolve("t"), "x\n".repeat(10));
        assertEquals(4, ProcTable.rows(f, 4).size());

        Path big = Files.write(tmp.resolve("big"), "y ".repeat(ProcTable.MAX_BYTES).getBytes(StandardCharsets.US_ASCII));
        String[] only = ProcTable.rows(big, 10).get(0);
        assertEquals(ProcTable.MAX_BYTES / 2, only.length, "the bytes past the bound are not read");
    }

    @Test
    void aTableThatCannotBeReadHasNoRows() {
        assertTrue(ProcTable.rows(tmp.resolve("absent"), 10).isEmpty());
        assertTrue(ProcTable.rows(tmp, 10).isEmpty(), "a directory");
    }

    @Test
    void theDefaultGatewayComesFromTheKernelsRoutingTable() throws Exception {
        assertEquals(Optional.of("192.0.2.1"), new LocalNetwork(Files.writeString(tmp.resolve("route"), ROUTE)).defaultGateway());
        String noDefault = ROUTE.substring(0, ROUTE.lastIndexOf("eth0\t00000000"));
        assertEquals(Optional.empty(), new LocalNetwork(Files.writeString(tmp.resolve("none"), noDefault)).defaultGateway());
        assertEquals(Optional.empty(), new LocalNetwork(tmp.resolve("absent")).defaultGateway());
    }
}
