package dev.homeport.watch;

import dev.homeport.net.Ipv4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One SSDP NOTIFY message (UPnP Device Architecture 1.1, 1.2), as far as {@code watch} needs it. Anyone on the LAN can
 * send one, so {@link #parse} is strict: bounded size and header count, a known NTS, an http LOCATION on an IPv4
 * address for alive, a decimal BOOTID.UPNP.ORG; anything else is dropped whole.
 *
 * @param nts        what the device says: alive, byebye or update
 * @param nt         the notification type (what is announced), may be empty
 * @param usn        the unique service name, may be empty
 * @param location   the root description URL (always there for alive and update)
 * @param bootId     BOOTID.UPNP.ORG: changes on every reboot of a UPnP 1.1 device; absent from UPnP 1.0 devices
 * @param nextBootId NEXTBOOTID.UPNP.ORG of an update message
 */
record Notify(Nts nts, String nt, String usn, Optional<String> location, OptionalLong bootId, OptionalLong nextBootId) {
    /** Larger datagrams are not SSDP: NOTIFYs are about 500 bytes. */
    static final int MAX_DATAGRAM = 2048;
    private static final int MAX_HEADERS = 32;
    private static final int MAX_LINE = 512;
    private static final Pattern BOOT_ID = Pattern.compile("[0-9]{1,10}");

    Notify {
        Objects.requireNonNull(nts, "nts");
        Objects.requireNonNull(nt, "nt");
        Objects.requireNonNull(usn, "usn");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(nextBootId, "nextBootId");
        if (nts != Nts.BYEBYE && location.isEmpty()) throw new IllegalArgumentException("location is required for " + nts);
    }

    /** The NTS header's values. */
    enum Nts { ALIVE, BYEBYE, UPDATE }

    /** The root device's UDN ({@code uuid:...}) taken from the USN, or empty. */
    String udn() {
        int sep = usn.indexOf("::");
        return sep < 0 ? usn : usn.substring(0, sep);
    }

    /**
     * Parses a datagram.
     *
     * @return empty when it is not a well-formed NOTIFY within the bounds
     */
    static Optional<Notify> parse(byte[] data, int length) {
        if (length <= 0 || length > MAX_DATAGRAM || length > data.length) return Optional.empty();
        String[] lines = new String(data, 0, length, StandardCharsets.ISO_8859_1).split("\r?\n", MAX_HEADERS + 3);
        if (!lines[0].strip().equalsIgnoreCase("NOTIFY * HTTP/1.1")) return Optional.empty();
        Map<String, String> headers = new HashMap<>();
        int i = 1;
        for (; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) break;
            if (i > MAX_HEADERS || line.length() > MAX_LINE) return Optional.empty();
            int colon = line.indexOf(':');
            if (colon <= 0) return Optional.empty();
            headers.putIfAbsent(line.substring(0, colon).strip().toUpperCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        Optional<Nts> nts = nts(headers.getOrDefault("NTS", ""));
        if (nts.isEmpty()) return Optional.empty();
        Optional<String> location = Optional.ofNullable(headers.get("LOCATION"));
        if (location.isPresent() && !validLocation(location.get())) return Optional.empty();
        if (nts.get() != Nts.BYEBYE && location.isEmpty()) return Optional.empty();
        Optional<OptionalLong> boot = bootId(headers.get("BOOTID.UPNP.ORG"));
        Optional<OptionalLong> next = bootId(headers.get("NEXTBOOTID.UPNP.ORG"));
        if (boot.isEmpty() || next.isEmpty()) return Optional.empty();
        return Optional.of(new Notify(nts.get(), headers.getOrDefault("NT", ""), headers.getOrDefault("USN", ""), location,
                boot.get(), next.get()));
    }

    /** The host of a location that {@link #parse} accepted. */
    static String host(String location) {
        return URI.create(location).getHost().toLowerCase(Locale.ROOT);
    }

    private static Optional<Nts> nts(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "ssdp:alive" -> Optional.of(Nts.ALIVE);
            case "ssdp:byebye" -> Optional.of(Nts.BYEBYE);
            case "ssdp:update" -> Optional.of(Nts.UPDATE);
            default -> Optional.empty();
        };
    }

    /** Empty when present but malformed; an empty OptionalLong when absent. */
    private static Optional<OptionalLong> bootId(String value) {
        if (value == null) return Optional.of(OptionalLong.empty());
        if (!BOOT_ID.matcher(value).matches()) return Optional.empty();
        long v = Long.parseLong(value);
        // The spec bounds it to 2^31-1.
        return v > Integer.MAX_VALUE ? Optional.empty() : Optional.of(OptionalLong.of(v));
    }

    private static boolean validLocation(String location) {
        if (location.length() > 256) return false;
        try {
            URI u = URI.create(location);
            return "http".equalsIgnoreCase(u.getScheme()) && u.getHost() != null && Ipv4.isValid(u.getHost())
                    && u.getPort() >= -1 && u.getPort() <= 65_535 && u.getUserInfo() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
