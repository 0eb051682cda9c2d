package dev.homeport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ipv6LocalTest {
    // As the kernel wrote them in the lab's Pi namespace: a temporary address (flags 01), the stable one (flags 00,
    // scope 00), a link-local (scope 20), loopback (scope 10).
    private static final String IF_INET6 = """
            20010db8000100005d3aa1f2b3c4d5e6 02 40 00 01 hp-eth0
            20010db8000100000000000000000010 02 40 00 00 hp-eth0
            fe80000000000000bcc552fffefa38a3 02 40 20 80 hp-eth0
            00000000000000000000000000000001 01 80 10 80       lo
            """;
    private static final String ZERO = "00000000000000000000000000000000";
    private static final String ROUTE = ZERO + " 00 " + ZERO + " 00 20010db8000100000000000000000001 00000400 00000001 00000000"
            + " 00000003  hp-eth0\n"
            + ZERO + " 00 " + ZERO + " 00 " + ZERO + " ffffffff 00000001 00000000 00200200       lo\n";

    @TempDir
    Path dir;

    private Ipv6Local local(String ifInet6, String route) throws Exception {
        Files.writeString(dir.resolve("if_inet6"), ifInet6);
        Files.writeString(dir.resolve("ipv6_route"), route);
        return new Ipv6Local(dir.resolve("if_inet6"), dir.resolve("ipv6_route"));
    }

    @Test
    void picksTheStableGlobalAddressNeverTheTemporaryOneTheKernelPrefers() throws Exception {
        Ipv6Local l = local(IF_INET6, ROUTE);
        assertEquals(Optional.of("2001:db8:1::10"), l.stableGlobal());
        assertTrue(l.isTemporary("2001:db8:1:0:5d3a:a1f2:b3c4:d5e6"));
        assertFalse(l.isTemporary("2001:db8:1::10"));
    }

    @Test
    void readsTheDefaultGatewayAndItsInterface() throws Exception {
        Ipv6Local.Gateway gw = local(IF_INET6, ROUTE).defaultGateway().orElseThrow();
        assertEquals("2001:db8:1::1", gw.address());
        assertEquals("hp-eth0", gw.iface());
        assertFalse(gw.linkLocal());
        assertTrue(new Ipv6Local.Gateway("fe80::1", "eth0").linkLocal());
    }

    @Test
    void aHostWithOnlyTemporaryUniqueLocalOrDeprecatedAddressesHasNoStableOne() throws Exception {
        Ipv6Local l = local("""
                20010db8000100005d3aa1f2b3c4d5e6 02 40 00 01 eth0
                fd000000000000000000000000000010 02 40 00 00 eth0
                20010db8000200000000000000000010 02 40 00 20 eth0
                """, "");
        assertEquals(Optional.empty(), l.stableGlobal());
        assertEquals(Optional.empty(), Ipv6Local.absent().stableGlobal());
    }

    @Test
    void writesAddressesInTheirCanonicalShortForm() {
        assertEquals("2001:db8::1", Ipv6Local.canonicalText("2001:0DB8:0:0:0:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6Local.canonicalText("[2001:db8:0:1:1:1:1:1]"));
        assertEquals("::1", Ipv6Local.canonicalText("::1"));
        assertFalse(Ipv6Local.isValid("192.0.2.1"));
        assertFalse(Ipv6Local.isValid("example.org"));
    }
}
