package dev.homeport.core;

import java.util.Locale;

/** Which address families a forward (or a DNS name) covers. */
public enum IpVersion {
    /** IPv4 only: a port mapping on the router's WAN address. */ V4,
    /** IPv6 only: a pinhole to this host's own global address. */ V6,
    /** Both, as far as this host and the router support them (the default). */ BOTH;

    public boolean wantsV4() {
        return this != V6;
    }

    public boolean wantsV6() {
        return this != V4;
    }

    /** {@code 4}, {@code 6} or {@code both}. */
    public String label() {
        return switch (this) {
            case V4 -> "4";
            case V6 -> "6";
            case BOTH -> "both";
        };
    }

    /**
     * Parses {@code 4}, {@code 6} or {@code both} (also {@code ipv4}, {@code ipv6}), case-insensitive.
     *
     * @throws IllegalArgumentException when the text is none of those
     */
    public static IpVersion parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "4", "ipv4" -> V4;
            case "6", "ipv6" -> V6;
            case "both" -> BOTH;
            default -> throw new IllegalArgumentException("ip-version '" + text + "' must be 4, 6 or both");
        };
    }
}
