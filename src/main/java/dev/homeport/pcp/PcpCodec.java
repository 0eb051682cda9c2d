package dev.homeport.pcp;

import dev.homeport.core.Protocol;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * PCP version 2 messages (RFC 6887 §7, §11): MAP and ANNOUNCE requests, and the parsing of answers, which are hostile
 * input: anything of the wrong size, version or opcode, or answering another nonce, is rejected (empty), never
 * trusted. IPv4 addresses travel as IPv4-mapped IPv6 addresses (::ffff:a.b.c.d).
 */
final class PcpCodec {
    static final int VERSION = 2;
    static final int OPCODE_ANNOUNCE = 0;
    static final int OPCODE_MAP = 1;
    static final int HEADER_SIZE = 24;
    static final int MAP_SIZE = HEADER_SIZE + 36;
    /** RFC 6887 §7: a PCP message is at most 1100 bytes. */
    static final int MAX_MESSAGE = 1100;
    static final int NONCE_SIZE = 12;

    private PcpCodec() {
    }

    /** A MAP request (RFC 6887 §11.1); lifetime 0 deletes. */
    static byte[] map(InetAddress client, byte[] nonce, Protocol protocol, int internalPort, int suggestedExternalPort,
                      Optional<InetAddress> suggestedExternal, long lifetime) {
        if (nonce.length != NONCE_SIZE) throw new IllegalArgumentException("nonce must be 12 bytes, not " + nonce.length);
        ByteBuffer b = ByteBuffer.allocate(MAP_SIZE);
        header(b, OPCODE_MAP, lifetime, client);
        b.put(nonce);
        b.put((byte) protocolNumber(protocol));
        b.put(new byte[3]);
        b.putShort((short) internalPort);
        b.putShort((short) suggestedExternalPort);
        // No preference: the zero address of the internal address's family (§11.1).
        InetAddress none = client instanceof Inet4Address ? v4Zero() : v6Zero();
        b.put(mapped(suggestedExternal.orElse(none)));
        return b.array();
    }

    /** An ANNOUNCE request (RFC 6887 §14.1): asks for nothing but an answer, which carries the epoch. */
    static byte[] announce(InetAddress client) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE);
        header(b, OPCODE_ANNOUNCE, 0, client);
        return b.array();
    }

    private static void header(ByteBuffer b, int opcode, long lifetime, InetAddress client) {
        b.put((byte) VERSION);
        b.put((byte) opcode);
        b.putShort((short) 0);
        b.putInt((int) lifetime);
        b.put(mapped(client));
    }

    static int protocolNumber(Protocol p) {
        return p == Protocol.TCP ? 6 : 17;
    }

    /**
     * The common response header, when {@code data} is a PCP response at all.
     *
     * @return empty for anything that is not a well-formed PCP response to {@code opcode} (size, R bit, opcode); a
     *         version other than 2 is kept so that UNSUPP_VERSION answers (and NAT-PMP's version 0) can be seen
     */
    static Optional<Header> header(byte[] data, int opcode) {
        if (data.length < 4 || data.length > MAX_MESSAGE) return Optional.empty();
        int version = data[0] & 0xFF;
        if (version == 0) {
            // A NAT-PMP-only gateway answers a PCP request with its own 'unsupported version' (RFC 6887 Appendix A):
            // the response bit and our opcode, result 1, a NAT-PMP-sized message. Anything else of version 0 is junk.
            int result = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
            if ((data[1] & 0xFF) != (0x80 | opcode) || result != 1 || data.length > 16) return Optional.empty();
            return Optional.of(new Header(0, opcode, result, 0, 0));
        }
        if (data.length < HEADER_SIZE || data.length % 4 != 0) return Optional.empty();
        if ((data[1] & 0x80) == 0 || (data[1] & 0x7F) != opcode) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(data);
        return Optional.of(new Header(version, opcode, data[3] & 0xFF, b.getInt(4) & 0xFFFFFFFFL, b.getInt(8) & 0xFFFFFFFFL));
    }

    /**
     * A MAP response answering {@code nonce}, protocol and internal port, or empty when it answers something else or is
     * malformed (RFC 6887 §11.3: a response that does not match the request is ignored).
     */
    static Optional<MapAnswer> mapAnswer(byte[] data, byte[] nonce, Protocol protocol, int internalPort) {
        Optional<Header> h = header(data, OPCODE_MAP);
        if (h.isEmpty()) return Optional.empty();
        if (h.get().version() != VERSION) return Optional.of(new MapAnswer(h.get(), 0, Optional.empty()));
        if (data.length < MAP_SIZE) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(data);
        if (!Arrays.equals(Arrays.copyOfRange(data, HEADER_SIZE, HEADER_SIZE + NONCE_SIZE), nonce)) return Optional.empty();
        if ((data[36] & 0xFF) != protocolNumber(protocol) || (b.getShort(40) & 0xFFFF) != internalPort) return Optional.empty();
        if (h.get().resultCode() != 0) return Optional.of(new MapAnswer(h.get(), 0, Optional.empty()));
        int external = b.getShort(42) & 0xFFFF;
        if (external == 0) return Optional.empty();
        return Optional.of(new MapAnswer(h.get(), external, Optional.of(unmapped(Arrays.copyOfRange(data, 44, 60)))));
    }

    /** 16 bytes: IPv6 as is, IPv4 as ::ffff:a.b.c.d. */
    static byte[] mapped(InetAddress a) {
        byte[] raw = a.getAddress();
        if (raw.length == 16) return raw;
        byte[] out = new byte[16];
        out[10] = (byte) 0xFF;
        out[11] = (byte) 0xFF;
        System.arraycopy(raw, 0, out, 12, 4);
        return out;
    }

    /** The address in 16 bytes: an IPv4-mapped one as IPv4. */
    static InetAddress unmapped(byte[] sixteen) {
        try {
            return InetAddress.getByAddress(sixteen);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address must be 16 bytes", e);
        }
    }

    private static InetAddress v4Zero() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inet6Address v6Zero() {
        try {
            return (Inet6Address) InetAddress.getByAddress(new byte[16]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The common header of a response. */
    record Header(int version, int opcode, int resultCode, long lifetime, long epochSeconds) {
    }

    /** A MAP response matching the request; {@code externalPort} 0 and no address unless the result is SUCCESS. */
    record MapAnswer(Header header, int externalPort, Optional<InetAddress> externalAddress) {
    }
}
