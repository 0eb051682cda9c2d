package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lab's carrier-grade NAT mode, checked with the reference client: what a Pi behind CGNAT sees. */
class LabCgnatIT {
    private static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.up("cgnat");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theRoutersWanAddressIsInTheSharedAddressSpace() {
        assertEquals("100.64.0.2", lab.wanAddress());
        Lab.Result r = lab.exec("router", "ip", "-4", "-o", "addr", "show", "dev", lab.name() + "-wan");
        assertTrue(r.stdout().contains("100.64.0.2/24"), r.toString());
    }

    @Test
    void miniupnpdReportsNoExternalAddressAndRefusesEveryMapping() {
        Lab.Result status = lab.exec("lan", "upnpc", "-i", "-u", lab.descriptionUrl(), "-s");
        assertTrue(status.stdout().contains("GetExternalIPAddress failed. (empty string)"), status.toString());

        Lab.Result add = lab.exec("lan", "upnpc", "-i", "-u", lab.descriptionUrl(), "-e", "x", "-a", "192.0.2.10", "888", "888", "TCP");

        assertTrue(add.stdout().contains("failed with code 501"), add.toString());
        assertEquals(List.of(), lab.routerMappings());
    }

    @Test
    void theLanStillReachesTheLabDnsThroughTheRouter() {
        lab.dns("cgnat.example.net", "100.64.0.1");
        Lab.Result r = lab.exec("lan", "python3", "-c", "import socket; print(socket.gethostbyname('cgnat.example.net'))");
        assertEquals("100.64.0.1", r.stdout().trim(), r.toString());
    }
}
