package dev.homeport.pcp;

import dev.homeport.core.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * NAT-PMP messages (RFC 6886 §3.2, §3.3). Answers are hostile input: wrong size, version or opcode, or a mapping
 * answer for another internal port, is rejected (empty).
 */
final class NatPmpCodec {
    static final int OPCODE_ADDRESS = 0;

    private NatPmpCodec() {
    }

    static byte[] externalAddressRequest() {
        return new byte[] {0, OPCODE_ADDRESS};
    }

    static int opcode(Protocol p) {
        return p == Protocol.UDP ? 1 : 2;
    }

    /** A mapping request; lifetime 0 deletes (and the suggested port must then be 0, §3.4). */
    static byte[] mapRequest(Protocol protocol, int internalPort, int suggestedExternalPort, long lifetime) {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.put((byte) 0);
        b.put((byte) opcode(protocol));
        b.putShort((short) 0);
        b.putShort((short) internalPort);
        b.putShort((short) (lifetime == 0 ? 0 : suggestedExternalPort));
        b.putInt((int) lifetime);
        return b.array();
    }

    /** The answer to the external-address request, or empty when {@code data} is not one. */
    static Optional<AddressAnswer> addressAnswer(byte[] data) {
        if (!common(data, OPCODE_ADDRESS, 12)) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(data);
        int result = b.getShort(2) & 0xFFFF;
        byte[] raw = new byte[4];
        b.position(8);
        b.get(raw);
        try {
            return Optional.of(new AddressAnswer(result, b.getInt(4) & 0xFFFFFFFFL, InetAddress.getByAddress(raw)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The answer to a mapping request for {@code internalPort}, or empty when {@code data} is not one. */
    static Optional<MapAnswer> mapAnswer(byte[] data, Protocol protocol, int internalPort) {
        int op = opcode(protocol);
        // Error answers may be short (8 bytes: RFC 6886 §3.5 lets a gateway send just the header).
        if (data.length == 8 && common(data, op, 8)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            int result = b.getShort(2) & 0xFFFF;
            if (result == 0) return Optional.empty();
            return Optional.of(new MapAnswer(result, b.getInt(4) & 0xFFFFFFFFL, 0, 0));
        }
        if (!common(data, op, 16)) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(data);
        if ((b.getShort(8) & 0xFFFF) != internalPort) return Optional.empty();
        return Optional.of(new MapAnswer(b.getShort(2) & 0xFFFF, b.getInt(4) & 0xFFFFFFFFL, b.getShort(10) & 0xFFFF,
                b.getInt(12) & 0xFFFFFFFFL));
    }

    /**
     * Version 0, the response bit and opcode, and the exact size; an 'unsupported version' answer may come in any
     * version-0 shape and is accepted at 4 bytes or more so that it can be reported.
     */
    private static boolean common(byte[] data, int opcode, int size) {
        if (data.length < 4 || data[0] != 0) return false;
        if ((data[1] & 0xFF) != 128 + opcode) return false;
        return data.length == size;
    }

    /** External-address answer. */
    record AddressAnswer(int resultCode, long epochSeconds, InetAddress address) {
    }

    /** Mapping answer: the external port and lifetime the gateway granted. */
    record MapAnswer(int resultCode, long epochSeconds, int externalPort, long lifetime) {
    }
}
