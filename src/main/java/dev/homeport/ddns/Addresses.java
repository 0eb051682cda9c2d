package dev.homeport.ddns;

import dev.homeport.net.Ipv4;
import dev.homeport.net.Ipv6Local;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The addresses one update registers: the router's IPv4 address (the A record) and this host's stable global IPv6
 * address (the AAAA record: IPv6 has no NAT, so the name points at the host itself), either possibly absent. The
 * update model carries them as one text, {@code v4}, {@code v6} or {@code v4,v6} (dyndns2's own form), so the state's
 * "last accepted address" compares both families at once: a change in either is one update. A protocol reads the
 * families back with {@link #parse}.
 *
 * @param v4 dotted quad, if registered
 * @param v6 canonical IPv6 text, if registered
 */
public record Addresses(Optional<String> v4, Optional<String> v6) {

    public Addresses {
        if (v4.isEmpty() && v6.isEmpty()) throw new IllegalArgumentException("addresses must hold an IPv4 or an IPv6 address");
        if (v4.isPresent() && !Ipv4.isValid(v4.get())) {
            throw new IllegalArgumentException("v4 (" + v4.get() + ") must be an IPv4 address");
        }
        v6 = v6.map(Ipv6Local::canonicalText);
    }

    /** The update model's text: {@code v4}, {@code v6} or {@code v4,v6}. */
    public String text() {
        List<String> parts = new ArrayList<>();
        v4.ifPresent(parts::add);
        v6.ifPresent(parts::add);
        return String.join(",", parts);
    }

    /**
     * Reads the update model's text back.
     *
     * @throws IllegalArgumentException when it is not one IPv4, one IPv6, or IPv4 then IPv6 separated by a comma
     */
    public static Addresses parse(String text) {
        String[] parts = text.strip().split(",", -1);
        if (parts.length == 1) {
            return parts[0].contains(":") ? new Addresses(Optional.empty(), Optional.of(parts[0]))
                    : new Addresses(Optional.of(parts[0]), Optional.empty());
        }
        if (parts.length == 2 && !parts[0].contains(":") && parts[1].contains(":")) {
            return new Addresses(Optional.of(parts[0]), Optional.of(parts[1]));
        }
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 address, an IPv6 address, or 'IPv4,IPv6'");
    }
}
