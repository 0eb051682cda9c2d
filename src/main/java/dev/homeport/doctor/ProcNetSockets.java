package dev.homeport.doctor;

import dev.homeport.core.Protocol;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Reads listening sockets from {@code /proc/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6}. Those files show
 * the sockets of the reader's network namespace, which is what a server on this host would be reached through.
 */
final class ProcNetSockets implements Sockets {
    private static final String TCP_LISTEN = "0A";
    private static final String UDP_UNCONNECTED = "07";

    private final Path procNet;
    private final ByteOrder order;

    /**
     * @param procNet normally {@code /proc/net}
     * @param order   the kernel's byte order: addresses in these files are raw 32-bit words in host order
     */
    ProcNetSockets(Path procNet, ByteOrder order) {
        this.procNet = procNet;
        this.order = order;
    }

    @Override
    public List<Listener> listening(Protocol protocol) {
        String base = protocol == Protocol.TCP ? "tcp" : "udp";
        String state = protocol == Protocol.TCP ? TCP_LISTEN : UDP_UNCONNECTED;
        LinkedHashSet<Listener> out = new LinkedHashSet<>();
        int read = 0;
        for (String file : List.of(base, base + "6")) {
            try {
                out.addAll(parse(Files.readString(procNet.resolve(file)), state, order));
                read++;
            } catch (NoSuchFileException e) {
                // no IPv6 in this kernel: the IPv4 table alone is the truth
            } catch (IOException e) {
                throw new SocketsUnavailableException("cannot read " + procNet.resolve(file) + ": " + e.getMessage());
            }
        }
        if (read == 0) throw new SocketsUnavailableException("cannot read " + procNet.resolve(base) + ": no such file");
        return List.copyOf(out);
    }

    /**
     * Parses one {@code /proc/net/{tcp,tcp6,udp,udp6}} table, keeping the sockets in {@code state}.
     *
     * @throws IllegalArgumentException when a line is not in the kernel's format
     */
    static List<Listener> parse(String table, String state, ByteOrder order) {
        List<Listener> out = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":")) continue;
            if (!f[3].equalsIgnoreCase(state)) continue;
            String[] local = f[1].split(":");
            if (local.length != 2) throw new IllegalArgumentException("unexpected local address '" + f[1] + "'");
            out.add(new Listener(address(local[0], order), Integer.parseInt(local[1], 16)));
        }
        return out;
    }

    private static String address(String hex, ByteOrder order) {
        if (hex.length() == 8) return ipv4(word(hex, order));
        if (hex.length() != 32) throw new IllegalArgumentException("unexpected address '" + hex + "'");
        long[] w = new long[4];
        for (int i = 0; i < 4; i++) w[i] = word(hex.substring(i * 8, i * 8 + 8), order);
        if (w[0] == 0 && w[1] == 0 && w[2] == 0xFFFFL) return ipv4(w[3]);
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[2 * i] = (int) (w[i] >>> 16);
            groups[2 * i + 1] = (int) (w[i] & 0xFFFF);
        }
        return ipv6(groups);
    }

    /** One 32-bit word as the kernel printed it (its own byte order), returned in network order. */
    private static long word(String hex, ByteOrder order) {
        long v = Long.parseLong(hex, 16);
        if (order == ByteOrder.BIG_ENDIAN) return v;
        return ((v & 0xFF) << 24) | ((v & 0xFF00) << 8) | ((v >> 8) & 0xFF00) | ((v >> 24) & 0xFF);
    }

    private static String ipv4(long v) {
        return ((v >> 24) & 0xFF) + "." + ((v >> 16) & 0xFF) + "." + ((v >> 8) & 0xFF) + "." + (v & 0xFF);
    }

    /** RFC 5952 text: lower case, longest run of two or more zero groups shortened to {@code ::}. */
    private static String ipv6(int[] g) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') b.append(':');
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }
}
