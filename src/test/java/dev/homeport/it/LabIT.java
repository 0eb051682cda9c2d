package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lab itself, checked with the reference client (miniupnpc's upnpc) rather than homeport, so a failure here
 * points at the lab, not at homeport.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabIT {
    private static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.up();
        lab.serveHttp("lan", "192.0.2.10", 888, "lab page\n");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    private static Lab.Result upnpc(String host, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "upnpc";
        cmd[1] = "-u";
        cmd[2] = lab.descriptionUrl();
        System.arraycopy(args, 0, cmd, 3, args.length);
        return lab.exec(host, cmd);
    }

    @Test
    @Order(1)
    void aMappingMadeWithUpnpcCarriesWanTrafficToTheLanServerUntilDeleted() {
        assertEquals(Optional.empty(), lab.fetchFromWan(888), "nothing is forwarded yet");
        Lab.Result add = upnpc("lan", "-e", "lab test", "-a", "192.0.2.10", "888", "888", "TCP");
        assertTrue(add.stdout().contains("is redirected to internal 192.0.2.10:888"), add.toString());
        assertEquals(Optional.of("lab page\n"), lab.fetchFromWan(888));
        List<String> table = lab.routerMappings();
        assertEquals(1, table.size(), table.toString());
        assertTrue(table.get(0).matches("TCP\\s+888->192\\.0\\.2\\.10:888\\s+'lab test'.*"), table.toString());

        upnpc("lan", "-d", "888", "TCP");
        assertEquals(List.of(), lab.routerMappings());
        assertEquals(Optional.empty(), lab.fetchFromWan(888));
    }

    @Test
    @Order(2)
    void secureModeRefusesAMappingForAnotherHostAndPolicyRefusesPort23() {
        Lab.Result other = upnpc("lan2", "-e", "x", "-a", "192.0.2.10", "8889", "8889", "TCP");
        assertTrue(other.stdout().contains("failed with code"), other.toString());
        Lab.Result telnet = upnpc("lan", "-e", "x", "-a", "192.0.2.10", "23", "23", "TCP");
        assertTrue(telnet.stdout().contains("failed with code 606"), telnet.toString());
        assertEquals(List.of(), lab.routerMappings());
    }

    @Test
    @Order(3)
    void aRouterRebootLosesMappingsAndCanMoveTheHttpPort() {
        lab.upnpcAdd("lan", "lab test", "192.0.2.10", 888, "TCP");
        assertEquals(1, lab.routerMappings().size());
        lab.rebootRouter(5002);
        assertEquals("http://192.0.2.1:5002/rootDesc.xml", lab.descriptionUrl());
        assertEquals(List.of(), lab.routerMappings());
        assertEquals(Optional.empty(), lab.fetchFromWan(888));
        lab.rebootRouter(5000);
    }

    @Test
    @Order(4)
    void aNewWanAddressIsWhatTheRouterReportsAndMappingsFollowIt() {
        lab.upnpcAdd("lan", "lab test", "192.0.2.10", 888, "TCP");
        lab.setWan("11.7.3.4");
        assertEquals("11.7.3.4", lab.wanAddress());
        assertTrue(upnpc("lan", "-s").stdout().contains("ExternalIPAddress = 11.7.3.4"));
        assertEquals(Optional.of("lab page\n"), lab.fetchFromWan(888));
        lab.setWan("11.7.0.2");
        upnpc("lan", "-d", "888", "TCP");
    }

    @Test
    @Order(5)
    void theLabDnsAnswersForLanHostsWithTheLatestRecord() {
        lab.dns("pete.example.net", "11.7.0.2");
        lab.dns("pete.example.net", "11.7.0.9");
        Lab.Result r = lab.exec("lan2", "python3", "-c", "import socket; print(socket.gethostbyname('pete.example.net'))");
        assertEquals("11.7.0.9", r.stdout().trim(), r.toString());
    }

    @Test
    @Order(6)
    void upnpOffStopsOnlyTheUpnpServer() {
        lab.upnp(false);
        Lab.Result r = lab.exec("lan", "curl", "-sS", "-m", "2", lab.descriptionUrl());
        assertTrue(r.exitCode() != 0, r.toString());
        lab.dns("still.routing", "11.7.0.7");
        Lab.Result dns = lab.exec("lan", "python3", "-c", "import socket; print(socket.gethostbyname('still.routing'))");
        assertEquals("11.7.0.7", dns.stdout().trim(), "the router still routes LAN -> WAN: " + dns);
        lab.upnp(true);
        assertTrue(lab.exec("lan", "curl", "-fsS", "-m", "2", lab.descriptionUrl()).ok());
    }

    @Test
    @Order(7)
    void readingTheRouterTableFailsTheTestWhenMiniupnpdIsStoppedMidTest() {
        lab.upnpcAdd("lan", "lab test", "192.0.2.10", 889, "TCP");
        assertEquals(1, lab.routerMappings().size());
        lab.upnp(false);
        try {
            AssertionError e = assertThrows(AssertionError.class, lab::routerMappings,
                    "an unreachable router must fail the test, never read as an empty table");
            assertTrue(e.getMessage().startsWith("could not read the router's table"), e.getMessage());
            assertThrows(AssertionError.class, () -> lab.upnpcAdd("lan", "x", "192.0.2.10", 890, "TCP"));
        } finally {
            lab.upnp(true);
        }
        assertEquals(1, lab.routerMappings().size(), "readable again once miniupnpd is back (its lease file kept the mapping)");
        lab.rebootRouter();
    }
}
