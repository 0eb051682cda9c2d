package dev.homeport.pcp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * An in-process PCP/NAT-PMP gateway on loopback, behaving as the RFCs and miniupnpd do where homeport relies on it:
 * PCP MAP with nonces (renew and delete only with the same nonce), the client address checked against the source,
 * another port offered when the one asked for is taken, NAT-PMP mappings by internal port, the epoch in every answer.
 * Knobs make it hostile or forgetful: drop the first requests, send junk before the answer, speak NAT-PMP only,
 * restart (epoch back to 0, table emptied).
 */
final class FakeGateway implements AutoCloseable {
    static final byte[] EXTERNAL = {11, 7, 0, 2};

    /** One mapping in the fake's table. */
    record Entry(String proto, int internalPort, int externalPort, String nonceHex, long lifetime) {
    }

    private final DatagramSocket socket;
    private final Thread thread;
    final List<byte[]> received = new CopyOnWriteArrayList<>();
    final Map<String, Entry> table = new HashMap<>();
    final AtomicInteger dropFirst = new AtomicInteger();
    final AtomicLong epoch = new AtomicLong(1000);
    volatile boolean pcp = true;
    volatile boolean silent;
    /**
     * miniupnpd 2.3.1 with nftables: a MAP of an existing pinhole renews it whatever its nonce, and the renewed rule
     * loses the description that held the nonce, so every delete after that is NOT_AUTHORIZED.
     */
    volatile boolean forgetsNonceOnRenew;
    volatile long maxLifetime = 86_400;
    volatile List<byte[]> junkBefore = List.of();
    volatile UnaryOperator<byte[]> tamper = UnaryOperator.identity();

    FakeGateway() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "fake-gateway");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    /** A restart: the table is gone and the epoch starts again. */
    synchronized void restart() {
        table.clear();
        epoch.set(3);
    }

    /** Another client's mapping of {@code externalPort}. */
    synchronized void occupy(String proto, int externalPort) {
        table.put(proto + externalPort, new Entry(proto, 1, externalPort, "other", 3600));
    }

    synchronized Map<String, Entry> tableCopy() {
        return new HashMap<>(table);
    }

    private void serve() {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                byte[] req = Arrays.copyOf(p.getData(), p.getLength());
                received.add(req);
                if (silent || dropFirst.getAndDecrement() > 0) continue;
                for (byte[] junk : junkBefore) socket.send(new DatagramPacket(junk, junk.length, p.getSocketAddress()));
                byte[] resp = tamper.apply(answer(req, p.getAddress()));
                if (resp != null) socket.send(new DatagramPacket(resp, resp.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private synchronized byte[] answer(byte[] req, InetAddress source) {
        if (req.length < 2) return null;
        if (req[0] == 0) return natPmp(req, source);
        if (!pcp) {
            // A NAT-PMP-only gateway: 'unsupported version' in NAT-PMP's own format.
            return ByteBuffer.allocate(8).put((byte) 0).put((byte) (128 + (req[1] & 0x7F))).putShort((short) 1)
                    .putInt((int) epoch.get()).array();
        }
        return pcpAnswer(req, source);
    }

    private byte[] pcpAnswer(byte[] req, InetAddress source) {
        ByteBuffer in = ByteBuffer.wrap(req);
        int opcode = req[1] & 0x7F;
        long lifetime = in.getInt(4) & 0xFFFFFFFFL;
        int result = 0;
        byte[] client = Arrays.copyOfRange(req, 8, 24);
        if (!Arrays.equals(client, PcpCodec.mapped(source))) result = 12;
        ByteBuffer out = ByteBuffer.allocate(opcode == 1 ? 60 : 24);
        int granted = 0;
        long grantedLife = 0;
        if (opcode == 1 && result == 0) {
            String nonce = hex(Arrays.copyOfRange(req, 24, 36));
            String proto = req[36] == 6 ? "tcp" : "udp";
            int internal = in.getShort(40) & 0xFFFF;
            int suggested = in.getShort(42) & 0xFFFF;
            Entry existing = table.get(proto + suggested);
            if (forgetsNonceOnRenew && existing != null && lifetime > 0) {
                nonce = "";
            } else if (existing != null && !existing.nonceHex().equals(nonce)) {
                if (lifetime == 0) {
                    result = 2;
                } else {
                    suggested = free(proto, suggested);
                    existing = null;
                }
            }
            if (result == 0 && lifetime == 0) {
                if (existing != null) table.remove(proto + suggested);
                granted = suggested;
            } else if (result == 0) {
                grantedLife = Math.min(lifetime, maxLifetime);
                table.put(proto + suggested, new Entry(proto, internal, suggested, nonce, grantedLife));
                granted = suggested;
            }
        } else if (opcode != 0 && opcode != 1) {
            result = 4;
        }
        out.put((byte) 2).put((byte) (0x80 | opcode)).put((byte) 0).put((byte) result);
        out.putInt((int) grantedLife).putInt((int) epoch.get()).put(new byte[12]);
        if (opcode == 1) {
            out.put(Arrays.copyOfRange(req, 24, 44));
            out.putShort(40, in.getShort(40));
            out.putShort(42, (short) granted);
            byte[] ext = new byte[16];
            ext[10] = (byte) 0xFF;
            ext[11] = (byte) 0xFF;
            System.arraycopy(EXTERNAL, 0, ext, 12, 4);
            out.position(44);
            out.put(ext);
        }
        return out.array();
    }

    private byte[] natPmp(byte[] req, InetAddress source) {
        int op = req[1];
        if (op == 0) {
            return ByteBuffer.allocate(12).put((byte) 0).put((byte) 128).putShort((short) 0).putInt((int) epoch.get()).put(EXTERNAL)
                    .array();
        }
        ByteBuffer in = ByteBuffer.wrap(req);
        String proto = op == 1 ? "udp" : "tcp";
        int internal = in.getShort(4) & 0xFFFF;
        int suggested = in.getShort(6) & 0xFFFF;
        long lifetime = in.getInt(8) & 0xFFFFFFFFL;
        int granted = 0;
        if (lifetime == 0) {
            table.values().removeIf(e -> e.proto().equals(proto) && e.internalPort() == internal && e.nonceHex().equals("natpmp"));
        } else {
            Entry e = table.get(proto + suggested);
            granted = e != null && !(e.nonceHex().equals("natpmp") && e.internalPort() == internal) ? free(proto, suggested) : suggested;
            table.put(proto + granted, new Entry(proto, internal, granted, "natpmp", lifetime));
        }
        return ByteBuffer.allocate(16).put((byte) 0).put((byte) (128 + op)).putShort((short) 0).putInt((int) epoch.get())
                .putShort((short) internal).putShort((short) granted).putInt((int) lifetime).array();
    }

    private int free(String proto, int from) {
        int p = from;
        while (table.containsKey(proto + p)) p++;
        return p;
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(String.format("%02x", x));
        return s.toString();
    }

    List<byte[]> receivedCopy() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
