package dev.homeport.doublenat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** A stand-in ping that records its call and prints what iputils prints when the packet expires at 192.0.2.1. */
    private static Path fakePing(Path dir) throws IOException {
        Path ping = dir.resolve("ping");
        Files.writeString(ping, "#!/bin/sh\necho \"$*\" > '" + dir.resolve("called") + "'\n"
                + "echo 'From 192.0.2.1 icmp_seq=1 Time to live exceeded'\n");
        Files.setPosixFilePermissions(ping, PosixFilePermissions.fromString("rwx------"));
        return ping;
    }

    @Test
    void aTargetThatAnswersTheEchoIsReachedWithoutStartingPing(@TempDir Path dir) throws IOException {
        PingProbe p = new PingProbe(Duration.ofSeconds(1), fakePing(dir).toString(), (target, ttl) -> ttl == 1);
        assertEquals(Optional.of(new HopProbe.Hop("11.7.0.2", true)), p.probeExpectingReply("11.7.0.2", 1));
        assertFalse(Files.exists(dir.resolve("called")), "no process when the echo was answered");
    }

    @Test
    void withoutAnEchoReplyPingSaysWhoAnswered(@TempDir Path dir) throws IOException {
        PingProbe silent = new PingProbe(Duration.ofSeconds(1), fakePing(dir).toString(), (target, ttl) -> false);
        assertEquals(Optional.of(new HopProbe.Hop("192.0.2.1", false)), silent.probeExpectingReply("11.7.0.2", 1));
        assertEquals("-n -c1 -W1 -t 1 11.7.0.2", Files.readString(dir.resolve("called")).strip());

        PingProbe failing = new PingProbe(Duration.ofSeconds(1), fakePing(dir).toString(), (target, ttl) -> {
            throw new IOException("no route");
        });
        assertEquals(Optional.of(new HopProbe.Hop("192.0.2.1", false)), failing.probeExpectingReply("11.7.0.2", 1));
    }

    @Test
    void aProbeThatExpectsNoReplyGoesStraightToPingAndBadInputToNeither(@TempDir Path dir) throws IOException {
        PingProbe p = new PingProbe(Duration.ofSeconds(1), fakePing(dir).toString(), (target, ttl) -> {
            throw new AssertionError("the echo is only for probes that expect the target's reply");
        });
        assertEquals(Optional.of(new HopProbe.Hop("192.0.2.1", false)), p.probe("11.7.0.1", 2));
        Files.delete(dir.resolve("called"));
        assertEquals(Optional.empty(), p.probeExpectingReply("11.7.0.999", 1));
        assertEquals(Optional.empty(), p.probeExpectingReply("11.7.0.2", 0));
        assertFalse(Files.exists(dir.resolve("called")));
    }
}
