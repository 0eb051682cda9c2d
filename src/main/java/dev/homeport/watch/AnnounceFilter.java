package dev.homeport.watch;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the unsolicited announcements a NAT-PMP/PCP router multicasts to 224.0.0.1:5350 and decides which call for a
 * reconcile: a NAT-PMP public-address announcement (RFC 6886 3.2.1: sent on boot and whenever the address changes)
 * with a new address or an epoch that went back, and a PCP ANNOUNCE (RFC 6887 14.1.3: sent after a restart or a
 * loss of state) whose epoch went back or that is the first heard. Routers repeat an announcement up to ten times;
 * the repeats change nothing and trigger nothing. Only the shape of the packet is read (this is not a PCP client).
 */
final class AnnounceFilter {
    static final int MAX_DATAGRAM = 1100;
    private Optional<String> address = Optional.empty();
    private OptionalLong natPmpEpoch = OptionalLong.empty();
    private OptionalLong pcpEpoch = OptionalLong.empty();

    Optional<Trigger> accept(byte[] d, int length) {
        if (length == 12 && d[0] == 0 && (d[1] & 0xff) == 128 && d[2] == 0 && d[3] == 0) return natPmp(d);
        if (length >= 24 && length <= MAX_DATAGRAM && length % 4 == 0 && d[0] == 2 && (d[1] & 0xff) == 0x80 && d[3] == 0) {
            return pcp(d);
        }
        return Optional.empty();
    }

    private Optional<Trigger> natPmp(byte[] d) {
        ByteBuffer b = ByteBuffer.wrap(d);
        long epoch = Integer.toUnsignedLong(b.getInt(4));
        String ip = (d[8] & 0xff) + "." + (d[9] & 0xff) + "." + (d[10] & 0xff) + "." + (d[11] & 0xff);
        boolean restarted = natPmpEpoch.isPresent() && epoch < natPmpEpoch.getAsLong();
        boolean moved = address.map(a -> !a.equals(ip)).orElse(true);
        natPmpEpoch = OptionalLong.of(epoch);
        address = Optional.of(ip);
        if (!moved && !restarted) return Optional.empty();
        return Optional.of(new Trigger("announce", restarted ? "the router restarted (NAT-PMP epoch went back to " + epoch + ")"
                : "the router announced its public address " + ip + " (NAT-PMP)", Optional.empty()));
    }

    private Optional<Trigger> pcp(byte[] d) {
        long epoch = Integer.toUnsignedLong(ByteBuffer.wrap(d).getInt(8));
        boolean first = pcpEpoch.isEmpty();
        boolean restarted = pcpEpoch.isPresent() && epoch < pcpEpoch.getAsLong();
        pcpEpoch = OptionalLong.of(epoch);
        if (!first && !restarted) return Optional.empty();
        return Optional.of(new Trigger("announce", "the router announced a restart or a new address (PCP ANNOUNCE, epoch "
                + epoch + ")", Optional.empty()));
    }
}
