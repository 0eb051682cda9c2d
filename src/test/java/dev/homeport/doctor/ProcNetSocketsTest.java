package dev.homeport.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.Protocol;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcNetSocketsTest {
    /** Recorded on a little-endian host: Flask on 127.0.0.1:888, sshd on 0.0.0.0:22 with a session, a server on 192.0.2.10:8080. */
    static final String TCP = Fixtures.text("proc-net-tcp.txt");
    /** The same host's IPv6 table: [::]:80, [::1]:888, ::ffff:192.0.2.10:8081, [fe80::1]:443. */
    static final String TCP6 = Fixtures.text("proc-net-tcp6.txt");

    @TempDir
    Path dir;

    @Test
    void readsListeningIpv4SocketsAndIgnoresConnectedOnes() {
        List<Sockets.Listener> l = ProcNetSockets.parse(TCP, "0A", ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of(new Sockets.Listener("127.0.0.1", 888), new Sockets.Listener("0.0.0.0", 22),
                new Sockets.Listener("192.0.2.10", 8080)), l);
    }

    @Test
    void readsIpv6WildcardLoopbackMappedAndLinkLocalAddresses() {
        List<Sockets.Listener> l = ProcNetSockets.parse(TCP6, "0A", ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of(new Sockets.Listener("::", 80), new Sockets.Listener("::1", 888),
                new Sockets.Listener("192.0.2.10", 8081), new Sockets.Listener("fe80::1", 443)), l);
    }

    @Test
    void readsBigEndianKernels() {
        String be = "  sl  local_address\n   0: 7F000001:0378 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1\n";
        assertEquals(List.of(new Sockets.Listener("127.0.0.1", 888)), ProcNetSockets.parse(be, "0A", ByteOrder.BIG_ENDIAN));
    }

    @Test
    void combinesTheIpv4AndIpv6TablesOfOneProtocol() throws IOException {
        Files.writeString(dir.resolve("tcp"), TCP);
        Files.writeString(dir.resolve("tcp6"), TCP6);
        Files.writeString(dir.resolve("udp"), "  sl  local_address\n   0: 00000000:0035 00000000:0000 07 0 0 0 0 0 0 1\n");
        ProcNetSockets s = new ProcNetSockets(dir, ByteOrder.LITTLE_ENDIAN);
        assertEquals(7, s.listening(Protocol.TCP).size());
        assertEquals(List.of(new Sockets.Listener("0.0.0.0", 53)), s.listening(Protocol.UDP));
    }

    @Test
    void saysWhyWhenNoTableCanBeRead() {
        ProcNetSockets s = new ProcNetSockets(dir.resolve("missing"), ByteOrder.LITTLE_ENDIAN);
        Sockets.SocketsUnavailableException e = assertThrows(Sockets.SocketsUnavailableException.class,
                () -> s.listening(Protocol.TCP));
        assertTrue(e.getMessage().contains("missing/tcp"), e.getMessage());
    }
}
