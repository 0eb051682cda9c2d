package dev.homeport.core;

import java.util.List;
import java.util.Locale;

/** A transport protocol a port mapping applies to. */
public enum Protocol {
    TCP, UDP;

    /** Lower-case name as users type it ("tcp"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a user's protocol choice: {@code tcp}, {@code udp} or {@code both}, case-insensitive.
     *
     * @throws IllegalArgumentException when the text is none of those
     */
    public static List<Protocol> parseChoice(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "tcp": return List.of(TCP);
            case "udp": return List.of(UDP);
            case "both": return List.of(TCP, UDP);
            default:
                throw new IllegalArgumentException("protocol '" + text + "' must be tcp, udp or both");
        }
    }

    /**
     * Parses a single protocol as routers report it ("TCP", "udp").
     *
     * @throws IllegalArgumentException when it is neither TCP nor UDP
     */
    public static Protocol parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("TCP")) return TCP;
        if (t.equals("UDP")) return UDP;
        throw new IllegalArgumentException("protocol '" + text + "' must be TCP or UDP");
    }
}
