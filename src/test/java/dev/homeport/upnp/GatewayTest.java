package dev.homeport.upnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.state.StateStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTest {
    private static final Gateway LAB = new Gateway("http://192.0.2.1:5000/rootDesc.xml", "http://192.0.2.1:5000/ctl/IPConn",
            "urn:schemas-upnp-org:service:WANIPConnection:2", 2, "Lab Router", "Debian", "Lab Router", "uuid:51b8", "192.0.2.10",
            "Debian/12 UPnP/1.1 MiniUPnPd/2.3.1");

    @Test
    void survivesTheCacheRoundTrip(@TempDir Path dir) {
        GatewayCache cache = new GatewayCache(new StateStore(dir));

        cache.write(LAB);

        assertEquals(LAB, cache.read().orElseThrow());
        assertEquals(LAB, Gateway.fromMap(LAB.toMap()));
    }

    @Test
    void aCacheWrittenBeforeTheServerWasKeptReadsWithAnEmptyOne() {
        Map<String, String> m = new HashMap<>(LAB.toMap());
        m.remove("server");

        Gateway g = Gateway.fromMap(m);

        assertEquals("", g.server());
        assertFalse(g.refusesLowPortPinholes(), "not known to be miniupnpd: UPnP is asked first, as before");
        assertTrue(LAB.refusesLowPortPinholes());
        assertTrue(LAB.withLocalAddress("192.0.2.20").refusesLowPortPinholes());
    }

    @Test
    void aDamagedCacheReadsAsAbsent(@TempDir Path dir) {
        StateStore store = new StateStore(dir);
        Map<String, String> m = new HashMap<>(LAB.toMap());
        m.put("controlUrl", "http://203.0.113.9/ctl");
        store.write("gateway", m);

        assertTrue(new GatewayCache(store).read().isEmpty());
    }

    @Test
    void refusesAControlUrlOffTheDescriptionsHost() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Gateway("http://192.0.2.1:5000/d.xml",
                "http://203.0.113.9/ctl", "urn:schemas-upnp-org:service:WANIPConnection:1", 1, "", "", "", "", "192.0.2.10", ""));

        assertTrue(e.getMessage().contains("must be on the description's host 192.0.2.1"), e.getMessage());
    }

    @Test
    void describesItselfForUsers() {
        assertEquals("UPnP IGD:2 on Lab Router", LAB.describe());
        assertEquals("192.0.2.1", LAB.host());
    }

    @Test
    void aDeviceNameWithLineBreaksAndEscapesIsKeptToOneVisibleLine() {
        Gateway g = new Gateway("http://192.0.2.1:5000/rootDesc.xml", "http://192.0.2.1:5000/ctl/IPConn",
                "urn:schemas-upnp-org:service:WANIPConnection:2", 2, "Router\nerror: fake \u001b[2J" + "x".repeat(300), "", "", "",
                "192.0.2.10", "");
        assertTrue(g.friendlyName().startsWith("Router\\x0aerror: fake \\x1b[2J"), g.friendlyName());
        assertTrue(g.friendlyName().length() <= 131, g.friendlyName());
    }
}
