package dev.homeport.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AnnounceFilterTest {
    private final AnnounceFilter filter = new AnnounceFilter();

    /** A NAT-PMP public address response (RFC 6886 3.2), as miniupnpd multicasts it. */
    private static byte[] natPmp(long epoch, int a, int b, int c, int d) {
        return ByteBuffer.allocate(12).put((byte) 0).put((byte) 128).putShort((short) 0).putInt((int) epoch)
                .put((byte) a).put((byte) b).put((byte) c).put((byte) d).array();
    }

    /** A PCP ANNOUNCE response header (RFC 6887 7.2), 24 bytes. */
    private static byte[] pcp(long epoch) {
        return ByteBuffer.allocate(24).put((byte) 2).put((byte) 0x80).put((byte) 0).put((byte) 0).putInt(0).putInt((int) epoch)
                .array();
    }

    @Test
    void aNewPublicAddressTriggersAndRepeatsOfItDoNot() {
        assertEquals("the router announced its public address 11.7.0.2 (NAT-PMP)",
                filter.accept(natPmp(10, 11, 7, 0, 2), 12).orElseThrow().why());
        assertTrue(filter.accept(natPmp(11, 11, 7, 0, 2), 12).isEmpty(), "a repeat (RFC 6886 sends up to ten)");
        assertTrue(filter.accept(natPmp(15, 11, 9, 0, 2), 12).isPresent(), "set-wan");
    }

    @Test
    void anEpochThatWentBackMeansARestart() {
        filter.accept(natPmp(500, 11, 7, 0, 2), 12);
        assertTrue(filter.accept(natPmp(3, 11, 7, 0, 2), 12).orElseThrow().why().contains("restarted"));
        assertTrue(filter.accept(pcp(900), 24).isPresent(), "the first PCP ANNOUNCE heard");
        assertTrue(filter.accept(pcp(901), 24).isEmpty());
        assertTrue(filter.accept(pcp(2), 24).isPresent());
    }

    @Test
    void ignoresRequestsErrorsAndMalformedPackets() {
        byte[] request = natPmp(1, 11, 7, 0, 2);
        request[1] = 0;
        assertTrue(filter.accept(request, 12).isEmpty(), "a request, not an announcement");
        byte[] error = natPmp(1, 11, 7, 0, 2);
        error[3] = 3;
        assertTrue(filter.accept(error, 12).isEmpty(), "a result code other than success");
        assertTrue(filter.accept(natPmp(1, 11, 7, 0, 2), 11).isEmpty(), "short");
        byte[] map = pcp(5);
        map[1] = (byte) 0x81;
        assertTrue(filter.accept(map, 24).isEmpty(), "a MAP response");
        assertTrue(filter.accept(new byte[1100], 26).isEmpty(), "not a multiple of 4");
    }
}
