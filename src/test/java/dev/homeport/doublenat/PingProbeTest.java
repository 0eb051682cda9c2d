package dev.homeport.doublenat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PingProbeTest {

    @Test
    void timeToLiveExceededNamesTheHopThatDroppedThePacket() {
        String out = "PING 11.7.0.1 (11.7.0.1) 56(84) bytes of data.\n"
                + "From 192.168.100.1 icmp_seq=1 Time to live exceeded\n\n--- 11.7.0.1 ping statistics ---\n";
        assertEquals(Optional.of(new HopProbe.Hop("192.168.100.1", false)), PingProbe.parse(out, "11.7.0.1"));
    }

    @Test
    void anEchoReplyFromTheTargetMeansItWasReached() {
        String out = "PING 11.7.0.2 (11.7.0.2) 56(84) bytes of data.\n64 bytes from 11.7.0.2: icmp_seq=1 ttl=64 time=0.05 ms\n";
        assertEquals(Optional.of(new HopProbe.Hop("11.7.0.2", true)), PingProbe.parse(out, "11.7.0.2"));
    }

    @Test
    void silenceOrGarbageIsNoAnswer() {
        assertEquals(Optional.empty(), PingProbe.parse("PING 11.7.0.1 (11.7.0.1) 56(84) bytes of data.\n", "11.7.0.1"));
        assertEquals(Optional.empty(), PingProbe.parse("From 999.1.1.1 icmp_seq=1 Time to live exceeded\n", "11.7.0.1"));
    }
}
