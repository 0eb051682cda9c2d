package dev.homeport.pcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.Protocol;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodecTest {
    private static final byte[] NONCE = new Nonce("0102030405060708090a0b0c").bytes();

    private static byte[] mapResponse(int version, int opcodeByte, int result, byte[] nonce, int proto, int internal, int external) {
        ByteBuffer b = ByteBuffer.allocate(60);
        b.put((byte) version).put((byte) opcodeByte).put((byte) 0).put((byte) result).putInt(7200).putInt(42).put(new byte[12]);
        b.put(nonce).put((byte) proto).put(new byte[3]).putShort((short) internal).putShort((short) external);
        return b.array();
    }

    @Test
    void acceptsOnlyTheMapAnswerForItsNonceProtocolAndPort() {
        assertTrue(PcpCodec.mapAnswer(mapResponse(2, 0x81, 0, NONCE, 6, 888, 888), NONCE, Protocol.TCP, 888).isPresent());
        assertFalse(PcpCodec.mapAnswer(mapResponse(2, 0x81, 0, new byte[12], 6, 888, 888), NONCE, Protocol.TCP, 888).isPresent());
        assertFalse(PcpCodec.mapAnswer(mapResponse(2, 0x81, 0, NONCE, 17, 888, 888), NONCE, Protocol.TCP, 888).isPresent());
        assertFalse(PcpCodec.mapAnswer(mapResponse(2, 0x81, 0, NONCE, 6, 889, 888), NONCE, Protocol.TCP, 888).isPresent());
        assertFalse(PcpCodec.mapAnswer(mapResponse(2, 0x01, 0, NONCE, 6, 888, 888), NONCE, Protocol.TCP, 888).isPresent(),
                "a request, not a response");
        assertFalse(PcpCodec.mapAnswer(mapResponse(2, 0x82, 0, NONCE, 6, 888, 888), NONCE, Protocol.TCP, 888).isPresent(),
                "another opcode");
        assertFalse(PcpCodec.mapAnswer(mapResponse(2, 0x81, 0, NONCE, 6, 888, 0), NONCE, Protocol.TCP, 888).isPresent(),
                "success without a port");
    }

    @Test
    void rejectsTruncatedOversizedAndMisalignedMessages() {
        byte[] ok = mapResponse(2, 0x81, 0, NONCE, 6, 888, 888);
        assertFalse(PcpCodec.mapAnswer(java.util.Arrays.copyOf(ok, 59), NONCE, Protocol.TCP, 888).isPresent());
        assertFalse(PcpCodec.mapAnswer(java.util.Arrays.copyOf(ok, 1104), NONCE, Protocol.TCP, 888).isPresent());
        assertFalse(PcpCodec.header(new byte[23], PcpCodec.OPCODE_ANNOUNCE).isPresent());
        assertFalse(PcpCodec.header(new byte[60], PcpCodec.OPCODE_MAP).isPresent(), "zeros are not a NAT-PMP answer");
        assertTrue(PcpCodec.header(new byte[] {0, (byte) 0x81, 0, 1, 0, 0, 0, 9}, PcpCodec.OPCODE_MAP).isPresent(),
                "NAT-PMP's 'unsupported version' to our MAP");
    }

    @Test
    void keepsTheResultCodeAndEpochOfAnError() {
        PcpCodec.MapAnswer a = PcpCodec.mapAnswer(mapResponse(2, 0x81, 2, NONCE, 6, 888, 0), NONCE, Protocol.TCP, 888).orElseThrow();

        assertEquals(2, a.header().resultCode());
        assertEquals(42, a.header().epochSeconds());
    }

    @Test
    void ipv6InternalAddressesTravelAsTheyAre() throws Exception {
        java.net.Inet6Address v6 = (java.net.Inet6Address) java.net.InetAddress.getByName("2001:db8::10");
        byte[] req = PcpCodec.map(v6, NONCE, Protocol.TCP, 443, 443, Optional.empty(), 3600);

        assertEquals(v6, PcpCodec.unmapped(java.util.Arrays.copyOfRange(req, 8, 24)));
        assertEquals("00000000000000000000000000000000", FakeGateway.hex(java.util.Arrays.copyOfRange(req, 44, 60)),
                "no preference for IPv6: the all-zeros address");
    }

    @Test
    void natPmpAnswersAreCheckedForOpcodeSizeAndPort() {
        byte[] map = ByteBuffer.allocate(16).put((byte) 0).put((byte) 130).putShort((short) 0).putInt(9).putShort((short) 888)
                .putShort((short) 888).putInt(3600).array();
        assertEquals(888, NatPmpCodec.mapAnswer(map, Protocol.TCP, 888).orElseThrow().externalPort());
        assertFalse(NatPmpCodec.mapAnswer(map, Protocol.UDP, 888).isPresent(), "a TCP answer to a UDP request");
        assertFalse(NatPmpCodec.mapAnswer(map, Protocol.TCP, 80).isPresent(), "another internal port");
        assertFalse(NatPmpCodec.mapAnswer(java.util.Arrays.copyOf(map, 20), Protocol.TCP, 888).isPresent(), "oversized");
        byte[] address = ByteBuffer.allocate(12).put((byte) 0).put((byte) 128).putShort((short) 0).putInt(9).put(FakeGateway.EXTERNAL)
                .array();
        assertEquals("11.7.0.2", NatPmpCodec.addressAnswer(address).orElseThrow().address().getHostAddress());
        assertFalse(NatPmpCodec.addressAnswer(java.util.Arrays.copyOf(address, 11)).isPresent());
    }

    @Test
    void theScheduleDoublesAndStopsAtTheBudget() {
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000),
                Duration.ofMillis(250)), Schedule.NAT_PMP.waits());
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(4)), Schedule.PCP.waits());
    }

    @Test
    void anEpochGoingBackOrLaggingIsARestart() {
        Instant t0 = Instant.parse("2026-11-30T06:00:00Z");
        Epoch before = new Epoch("pcp", 1000, t0);
        assertFalse(new Epoch("pcp", 1600, t0.plusSeconds(600)).showsRestartSince(before));
        assertFalse(new Epoch("pcp", 1000, t0).showsRestartSince(before));
        assertTrue(new Epoch("pcp", 5, t0.plusSeconds(600)).showsRestartSince(before), "went back");
        assertTrue(new Epoch("pcp", 1100, t0.plusSeconds(600)).showsRestartSince(before),
                "the router counted 100 s while 600 s passed: it restarted");
        assertTrue(new Epoch("natpmp", 1100, t0.plusSeconds(Duration.ofHours(1).toSeconds())).showsRestartSince(
                new Epoch("natpmp", 1000, t0)));
    }
}
