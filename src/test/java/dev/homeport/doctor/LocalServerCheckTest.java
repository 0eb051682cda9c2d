package dev.homeport.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.Protocol;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalServerCheckTest {
    private static final Target PORT_888 = Target.port(888);
    private static final Optional<String> LAN = Optional.of(Fakes.LAN);

    private static Check check(Sockets sockets) {
        return new LocalServerCheck(sockets).check(PORT_888, LAN, true);
    }

    @Test
    void acceptsAServerOnAllAddresses() {
        Check c = check(Fakes.sockets(new Sockets.Listener("0.0.0.0", 888)));
        assertEquals(Status.OK, c.status());
        assertEquals("listening on 0.0.0.0:888", c.evidence());
    }

    @Test
    void acceptsAServerOnTheLanAddressOrIpv6Wildcard() {
        assertEquals(Status.OK, check(Fakes.sockets(new Sockets.Listener(Fakes.LAN, 888))).status());
        assertEquals(Status.OK, check(Fakes.sockets(new Sockets.Listener("::", 888))).status());
    }

    @Test
    void namesLoopbackOnlyAsTheCauseWithTheFlaskFix() {
        Check c = check(Fakes.sockets(new Sockets.Listener("127.0.0.1", 888), new Sockets.Listener("::1", 888)));
        assertEquals(Status.PROBLEM, c.status());
        assertTrue(c.evidence().contains("127.0.0.1:888, [::1]:888 only"), c.evidence());
        assertTrue(c.evidence().contains("Flask's default"), c.evidence());
        assertTrue(c.fix().orElseThrow().contains("app.run(host=\"0.0.0.0\", port=888)"), c.fix().orElseThrow());
    }

    @Test
    void saysNothingListensAndListsThePortsThatDo() {
        Check c = check(Fakes.sockets(new Sockets.Listener("0.0.0.0", 22), new Sockets.Listener("0.0.0.0", 5000),
                new Sockets.Listener("127.0.0.1", 631)));
        assertEquals(Status.PROBLEM, c.status());
        assertEquals("nothing listens on TCP port 888 on this host (TCP ports listening: 22, 5000)", c.evidence());
        assertTrue(c.fix().orElseThrow().startsWith("start the server on port 888"), c.fix().orElseThrow());
        assertTrue(c.fix().orElseThrow().contains("below 1024 need root"), c.fix().orElseThrow());
    }

    @Test
    void flagsAServerBoundToAnotherAddressThanTheLanOne() {
        Check c = check(Fakes.sockets(new Sockets.Listener("172.17.0.1", 888)));
        assertEquals(Status.PROBLEM, c.status());
        assertEquals("the server listens on 172.17.0.1:888, not on this host's LAN address 192.0.2.10", c.evidence());
    }

    @Test
    void skipsAForwardThatPointsAtAnotherHost() {
        Target other = new Target("nas", 888, 888, Protocol.TCP, Optional.of("192.0.2.20"));
        Check c = new LocalServerCheck(Fakes.sockets()).check(other, LAN, false);
        assertEquals(Status.SKIPPED, c.status());
        assertTrue(c.evidence().contains("192.0.2.20"), c.evidence());
    }

    @Test
    void reportsUnreadableSocketTablesAsSkippedNotPassed() {
        Sockets broken = p -> {
            throw new Sockets.SocketsUnavailableException("cannot read /proc/net/tcp: Permission denied");
        };
        Check c = check(broken);
        assertEquals(Status.SKIPPED, c.status());
        assertTrue(c.evidence().startsWith("not checked: cannot read /proc/net/tcp"), c.evidence());
    }
}
