package dev.homeport.doublenat;

import dev.homeport.core.Protocol;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The NAT-PMP (RFC 6886) MAP request, for one purpose: the outer router records the packet's source as the
 * mapping's internal client, which is the inner router's WAN address after the inner's NAT. Bounded: three tries,
 * 250 + 500 + 1000 ms, answers accepted only from {@code gateway:5351}.
 */
final class NatPmp {
    static final int PORT = 5351;
    private static final int[] WAIT_MS = {250, 500, 1000};

    /** A successful MAP answer: the external port the router chose and the lifetime it granted. */
    record Mapped(int externalPort, long lifetime) {
    }

    private NatPmp() {
    }

    static byte[] request(Protocol protocol, int internalPort, int externalPort, long lifetime) {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.put((byte) 0).put((byte) (protocol == Protocol.UDP ? 1 : 2)).putShort((short) 0);
        b.putShort((short) internalPort).putShort((short) externalPort).putInt((int) lifetime);
        return b.array();
    }

    /**
     * Reads a MAP answer to a request with opcode {@code op}.
     *
     * @return empty when it is not such an answer; the result code when it is an error
     */
    static Optional<Object> parse(byte[] data, int length, Protocol protocol) {
        if (length < 16) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        int version = b.get() & 0xFF;
        int op = b.get() & 0xFF;
        if (version != 0 || op != 128 + (protocol == Protocol.UDP ? 1 : 2)) return Optional.empty();
        int result = b.getShort() & 0xFFFF;
        if (result != 0) return Optional.of(result);
        b.getInt(); // seconds since the router's epoch
        b.getShort(); // internal port
        int external = b.getShort() & 0xFFFF;
        long lifetime = b.getInt() & 0xFFFFFFFFL;
        return Optional.of(new Mapped(external, lifetime));
    }

    /**
     * Sends a MAP request to {@code gateway} and waits for its answer.
     *
     * @return the mapping, or empty when the router did not answer or refused (lifetime 0 removes: then a
     *         {@link Mapped} with lifetime 0 means done)
     */
    static Optional<Mapped> map(String gateway, Protocol protocol, int internalPort, int externalPort, long lifetime)
            throws IOException {
        InetAddress to = InetAddress.getByName(gateway);
        byte[] out = request(protocol, internalPort, externalPort, lifetime);
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] buf = new byte[64];
            for (int wait : WAIT_MS) {
                socket.send(new DatagramPacket(out, out.length, to, PORT));
                socket.setSoTimeout(wait);
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                InetSocketAddress from = (InetSocketAddress) in.getSocketAddress();
                if (from.getPort() != PORT || !from.getAddress().equals(to)) continue;
                Optional<Object> answer = parse(buf, in.getLength(), protocol);
                if (answer.isEmpty()) continue;
                return answer.get() instanceof Mapped m ? Optional.of(m) : Optional.empty();
            }
            return Optional.empty();
        }
    }
}
