package dev.homeport.net;

import java.util.Optional;

/**
 * Classifies IPv4 addresses for reachability: a home server is reachable from the internet only through a public
 * address. Parsing is strict dotted-quad (no DNS lookups, no octal, no shorthand).
 */
public final class Ipv4 {

    /** What kind of address it is, for the user. */
    public enum Scope {
        PUBLIC("public"),
        PRIVATE("private (RFC 1918): the router is behind another router (double NAT)"),
        CGNAT("carrier-grade NAT (100.64.0.0/10): the ISP shares one public address among many customers"),
        LOOPBACK("loopback"),
        LINK_LOCAL("link-local (169.254.0.0/16): no DHCP lease on the WAN side"),
        UNSPECIFIED("unspecified (0.0.0.0): the router has no WAN address, probably not connected"),
        RESERVED("reserved or multicast, not routable on the internet");

        private final String explanation;

        Scope(String explanation) {
            this.explanation = explanation;
        }

        public String explanation() {
            return explanation;
        }
    }

    private Ipv4() {
    }

    /** Parses a dotted quad into an unsigned 32-bit value, if it is one. */
    public static Optional<Long> parse(String text) {
        if (text == null) return Optional.empty();
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) return Optional.empty();
        long value = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return Optional.empty();
            if (p.length() > 1 && p.charAt(0) == '0') return Optional.empty();
            int octet = Integer.parseInt(p);
            if (octet > 255) return Optional.empty();
            value = (value << 8) | octet;
        }
        return Optional.of(value);
    }

    /** True for a syntactically valid dotted quad. */
    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    /**
     * The scope of a dotted-quad address.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static Scope scope(String text) {
        long a = parse(text).orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IPv4 address"));
        if (a == 0) return Scope.UNSPECIFIED;
        if (in(a, "10.0.0.0", 8) || in(a, "172.16.0.0", 12) || in(a, "192.168.0.0", 16)) return Scope.PRIVATE;
        if (in(a, "100.64.0.0", 10)) return Scope.CGNAT;
        if (in(a, "127.0.0.0", 8)) return Scope.LOOPBACK;
        if (in(a, "169.254.0.0", 16)) return Scope.LINK_LOCAL;
        if (in(a, "0.0.0.0", 8) || in(a, "192.0.0.0", 24) || in(a, "198.18.0.0", 15) || in(a, "224.0.0.0", 4)
                || in(a, "240.0.0.0", 4)) {
            return Scope.RESERVED;
        }
        return Scope.PUBLIC;
    }

    /** True when {@code address} lies in {@code network/prefix}. */
    public static boolean in(long address, String network, int prefix) {
        long net = parse(network).orElseThrow();
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (address & mask) == (net & mask);
    }

    /** True when both addresses lie in the same {@code /prefix} network. */
    public static boolean sameSubnet(String a, String b, int prefix) {
        Optional<Long> x = parse(a);
        Optional<Long> y = parse(b);
        if (x.isEmpty() || y.isEmpty()) return false;
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return (x.get() & mask) == (y.get() & mask);
    }
}
