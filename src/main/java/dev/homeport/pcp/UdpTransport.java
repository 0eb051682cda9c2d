package dev.homeport.pcp;

import dev.homeport.core.HomeportException.Kind;
import dev.homeport.net.Ipv6Local;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * UDP to one gateway address and port. The socket is connected, so the kernel drops datagrams from anyone else, and
 * each answer's source is checked again; answers are read into a buffer one byte larger than the largest legal message
 * so an oversized one is seen and dropped.
 */
final class UdpTransport implements Transport {
    private final InetSocketAddress server;
    private final Optional<InetAddress> local;

    /**
     * @param server the gateway's address and port (5351 outside tests)
     * @param local  the local address to send from; PCP needs it when the client address in the request is a
     *               particular one (an IPv6 address among several)
     */
    UdpTransport(InetSocketAddress server, Optional<InetAddress> local) {
        this.server = server;
        this.local = local;
    }

    @Override
    public String server() {
        // An IPv6 router as [2001:db8:1::1]:5351, not Java's 2001:db8:1:0:0:0:0:1:5351.
        InetAddress a = server.getAddress();
        return (a instanceof Inet6Address v6 ? "[" + Ipv6Local.compress(v6.getAddress()) + "]" : a.getHostAddress())
                + ":" + server.getPort();
    }

    /** The local address the kernel picks for the gateway: the client address PCP must put in its requests. */
    InetAddress localAddress() {
        try (DatagramSocket s = open()) {
            return s.getLocalAddress();
        } catch (IOException e) {
            throw PortControlException.noAnswer("PCP", server(), "no route to the gateway: " + e.getMessage());
        }
    }

    @Override
    public Optional<byte[]> exchange(byte[] request, Schedule schedule, Predicate<byte[]> accept) {
        try (DatagramSocket s = open()) {
            byte[] buf = new byte[PcpCodec.MAX_MESSAGE + 1];
            for (Duration wait : schedule.waits()) {
                s.send(new DatagramPacket(request, request.length));
                long deadline = System.nanoTime() + wait.toNanos();
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) break;
                    s.setSoTimeout((int) Math.max(1, left));
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        s.receive(p);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    if (p.getLength() > PcpCodec.MAX_MESSAGE || !server.getAddress().equals(p.getAddress())
                            || server.getPort() != p.getPort()) {
                        continue;
                    }
                    byte[] data = Arrays.copyOf(p.getData(), p.getLength());
                    if (accept.test(data)) return Optional.of(data);
                }
            }
            return Optional.empty();
        } catch (PortUnreachableException e) {
            throw new PortControlException(Kind.NO_ROUTER, "nothing listens on " + server() + " (port unreachable):"
                    + " the router does not speak PCP or NAT-PMP, or has it switched off",
                    "switch on NAT-PMP/PCP in the router's settings, or use --via upnp or --via web", server(), Optional.empty());
        } catch (IOException e) {
            throw PortControlException.noAnswer("PCP/NAT-PMP", server(), e.getMessage());
        }
    }

    private DatagramSocket open() throws IOException {
        DatagramSocket s = new DatagramSocket(null);
        try {
            s.bind(new InetSocketAddress(local.orElse(null), 0));
            s.connect(server);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
