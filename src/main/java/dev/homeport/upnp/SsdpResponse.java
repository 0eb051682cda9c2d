package dev.homeport.upnp;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One SSDP search response (or notification) as the headers homeport looks at.
 *
 * @param status   the HTTP status (200 for a search response), 0 for a NOTIFY
 * @param location the LOCATION header: where the root description is
 * @param st       the search target (ST, or NT of a notification)
 * @param usn      the unique service name
 * @param server   the SERVER header, may be empty
 */
record SsdpResponse(int status, String location, String st, String usn, String server) {
    private static final int MAX_HEADERS = 64;

    /** True for a response about an Internet Gateway Device (what homeport searched for). */
    boolean aboutIgd() {
        return st.contains(":device:InternetGatewayDevice:") || usn.contains(":device:InternetGatewayDevice:");
    }

    /**
     * Parses a datagram's text.
     *
     * @return empty when it is not an SSDP response or NOTIFY, or lacks LOCATION
     */
    static Optional<SsdpResponse> parse(byte[] data, int offset, int length) {
        String text = new String(data, offset, length, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r?\n");
        if (lines.length == 0) return Optional.empty();
        String first = lines[0].strip();
        int status;
        if (first.startsWith("HTTP/1.")) {
            String[] parts = first.split(" ", 3);
            if (parts.length < 2 || !parts[1].matches("[0-9]{3}")) return Optional.empty();
            status = Integer.parseInt(parts[1]);
        } else if (first.toUpperCase(Locale.ROOT).startsWith("NOTIFY ")) {
            status = 0;
        } else {
            return Optional.empty();
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length && i <= MAX_HEADERS; i++) {
            String line = lines[i];
            if (line.isBlank()) break;
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            headers.putIfAbsent(line.substring(0, colon).strip().toUpperCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        String location = headers.getOrDefault("LOCATION", "");
        if (location.isEmpty()) return Optional.empty();
        String st = headers.getOrDefault("ST", headers.getOrDefault("NT", ""));
        return Optional.of(new SsdpResponse(status, location, st, headers.getOrDefault("USN", ""), headers.getOrDefault("SERVER", "")));
    }
}
