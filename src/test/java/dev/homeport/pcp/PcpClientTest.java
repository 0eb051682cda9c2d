package dev.homeport.pcp;

import dev.homeport.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.Protocol;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PcpClientTest {
    static final Schedule FAST = new Schedule(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(600));
    private FakeGateway gw;
    private PcpClient pcp;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));
    private final InetAddress me = InetAddress.getLoopbackAddress();

    @BeforeEach
    void start() throws Exception {
        gw = new FakeGateway();
        pcp = new PcpClient(new UdpTransport(gw.address(), Optional.empty()), me, FAST, clock);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private PcpClient.MapRequest request(int port, long lifetime, Nonce n) {
        return new PcpClient.MapRequest(me, Protocol.TCP, port, port, Optional.empty(), lifetime, n);
    }

    @Test
    void mapGrantsThePortTheLifetimeTheRouterAllowsAndItsEpoch() {
        gw.maxLifetime = 3600;
        PcpClient.Mapping m = pcp.map(request(888, 604_800, Nonce.random(new SecureRandom())));

        assertEquals(888, m.externalPort());
        assertEquals(3600, m.lifetime());
        assertEquals("11.7.0.2", m.externalAddress().getHostAddress());
        assertEquals(1000, m.epoch().serverSeconds());
        assertEquals(Optional.of(m.epoch()), pcp.lastEpoch());
    }

    @Test
    void sendsTheMapRequestTheRfcDescribes() {
        Nonce n = new Nonce("0102030405060708090a0b0c");
        pcp.map(request(888, 7200, n));

        ByteBuffer b = ByteBuffer.wrap(gw.receivedCopy().get(0));
        assertEquals(60, b.capacity());
        assertEquals(2, b.get(0));
        assertEquals(1, b.get(1));
        assertEquals(7200, b.getInt(4));
        assertEquals("0102030405060708090a0b0c", FakeGateway.hex(java.util.Arrays.copyOfRange(b.array(), 24, 36)));
        assertEquals(6, b.get(36));
        assertEquals(888, b.getShort(40));
        assertEquals(888, b.getShort(42));
        assertEquals("00000000000000000000ffff00000000", FakeGateway.hex(java.util.Arrays.copyOfRange(b.array(), 44, 60)),
                "no preferred external address: the IPv4-mapped zero address");
    }

    @Test
    void retransmitsWhenTheFirstRequestsAreLost() {
        gw.dropFirst.set(2);

        PcpClient.Mapping m = pcp.map(request(888, 3600, Nonce.random(new SecureRandom())));

        assertEquals(888, m.externalPort());
        assertEquals(3, gw.receivedCopy().size());
    }

    @Test
    void givesUpWithinItsBudgetWhenNothingAnswers() {
        gw.silent = true;
        long t0 = System.nanoTime();

        PortControlException e = assertThrows(PortControlException.class, () -> pcp.announce());

        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Kind.NO_ROUTER, e.kind());
        assertTrue(e.getMessage().contains("did not answer PCP ANNOUNCE"), e.getMessage());
        assertTrue(ms >= 550 && ms < 2000, "took " + ms + " ms for a 600 ms budget");
        assertTrue(gw.receivedCopy().size() >= 3, "retransmitted: " + gw.receivedCopy().size());
    }

    @Test
    void ignoresJunkAndAnswersToAnotherNonceBeforeTheRealAnswer() {
        Nonce other = new Nonce("ffffffffffffffffffffffff");
        byte[] wrongNonce = new byte[60];
        wrongNonce[0] = 2;
        wrongNonce[1] = (byte) 0x81;
        System.arraycopy(other.bytes(), 0, wrongNonce, 24, 12);
        wrongNonce[36] = 6;
        wrongNonce[40] = 0x03;
        wrongNonce[41] = 0x78;
        wrongNonce[43] = 99;
        gw.junkBefore = List.of(new byte[] {1, 2, 3}, new byte[1101], new byte[60], wrongNonce);

        PcpClient.Mapping m = pcp.map(request(888, 3600, new Nonce("0102030405060708090a0b0c")));

        assertEquals(888, m.externalPort(), "the answer for our nonce, not the forged port 99");
    }

    @Test
    void deleteWithAnotherNonceIsRefusedAsNotAuthorized() {
        pcp.map(request(888, 3600, new Nonce("0102030405060708090a0b0c")));

        PortControlException e = assertThrows(PortControlException.class,
                () -> pcp.delete(request(888, 3600, new Nonce("0a0a0a0a0a0a0a0a0a0a0a0a"))));

        assertEquals(Kind.ROUTER_REFUSED, e.kind());
        assertEquals(Optional.of(2), e.resultCode());
        assertTrue(e.getMessage().contains("NOT_AUTHORIZED"), e.getMessage());
        assertEquals(1, gw.tableCopy().size(), "still mapped");
    }

    @Test
    void deleteWithTheSameNonceRemovesTheMapping() {
        Nonce n = new Nonce("0102030405060708090a0b0c");
        pcp.map(request(888, 3600, n));

        pcp.delete(request(888, 3600, n));

        assertTrue(gw.tableCopy().isEmpty());
    }

    @Test
    void aNatPmpOnlyGatewayIsRecognisedForTheFallback() {
        gw.pcp = false;

        PortControlException e = assertThrows(PortControlException.class, () -> pcp.announce());

        assertTrue(e.pcpUnsupported(), e.getMessage());
        assertTrue(e.getMessage().contains("does not speak PCP"), e.getMessage());
    }

    @Test
    void anUnsolicitedAnnounceDuringAnExchangeUpdatesTheEpoch() {
        byte[] announce = ByteBuffer.allocate(24).put((byte) 2).put((byte) 0x80).putShort((short) 0).putInt(0).putInt(5).array();
        gw.junkBefore = List.of(announce);

        pcp.map(request(888, 3600, Nonce.random(new SecureRandom())));

        assertEquals(1000, pcp.lastEpoch().orElseThrow().serverSeconds(), "the map answer came last");
        assertTrue(gw.receivedCopy().size() == 1);
    }

    @Test
    void aClientAddressOtherThanTheSourceIsReportedAsAddressMismatch() throws Exception {
        PcpClient wrong = new PcpClient(new UdpTransport(gw.address(), Optional.empty()), InetAddress.getByName("192.0.2.10"), FAST,
                clock);

        PortControlException e = assertThrows(PortControlException.class,
                () -> wrong.map(request(888, 3600, Nonce.random(new SecureRandom()))));

        assertEquals(Optional.of(12), e.resultCode());
        assertTrue(e.getMessage().contains("ADDRESS_MISMATCH") && e.hint().orElseThrow().contains("run homeport on the host"),
                e.getMessage());
    }

    @Test
    void anIpv6RoutersAddressIsNamedInItsShortFormWithBracketsInMessages() throws Exception {
        UdpTransport v6 = new UdpTransport(new java.net.InetSocketAddress(InetAddress.getByName("2001:db8:1:0:0:0:0:1"), 5351),
                Optional.empty());
        assertEquals("[2001:db8:1::1]:5351", v6.server());
        UdpTransport v4 = new UdpTransport(new java.net.InetSocketAddress(InetAddress.getByName("192.0.2.1"), 5351),
                Optional.empty());
        assertEquals("192.0.2.1:5351", v4.server());
    }
}
