package dev.homeport.core;

import java.util.Locale;

/**
 * A mapping lease. Written by users as {@code 7d}, {@code 12h}, {@code 30m}, {@code 90s}, a bare number of seconds,
 * or {@code 0}/{@code permanent}.
 *
 * @param seconds 0 (permanent) up to 4294967295 (the IGD ui4 maximum)
 */
public record Lease(long seconds) {
    /** IGD:2's maximum and homeport's default: one week. */
    public static final Lease DEFAULT = new Lease(604_800);

    public Lease {
        if (seconds < 0 || seconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("lease (" + seconds + "s) must be 0..4294967295 seconds");
        }
    }

    /**
     * Parses {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 3600}, {@code 0} or {@code permanent}.
     *
     * @throws IllegalArgumentException naming the text when it is none of those
     */
    public static Lease parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("permanent") || t.equals("0")) return new Lease(0);
        if (t.isEmpty()) throw new IllegalArgumentException("lease '' must be like 7d, 12h, 30m, 3600 or permanent");
        char unit = t.charAt(t.length() - 1);
        long factor = switch (unit) {
            case 'd' -> 86_400;
            case 'h' -> 3_600;
            case 'm' -> 60;
            default -> 1;
        };
        String digits = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
        if (!Character.isDigit(unit) && unit != 's' && unit != 'm' && unit != 'h' && unit != 'd') digits = "";
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("lease '" + text + "' must be like 7d, 12h, 30m, 3600 or permanent");
        }
        long value = Long.parseLong(digits) * factor;
        if (value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("lease '" + text + "' is longer than 4294967295 seconds");
        }
        return new Lease(value);
    }

    public boolean permanent() {
        return seconds == 0;
    }

    /** Compact form: {@code 7d}, {@code 2h}, {@code 90s}, {@code permanent}. */
    @Override
    public String toString() {
        if (seconds == 0) return "permanent";
        if (seconds % 86_400 == 0) return seconds / 86_400 + "d";
        if (seconds % 3_600 == 0) return seconds / 3_600 + "h";
        if (seconds % 60 == 0) return seconds / 60 + "m";
        return seconds + "s";
    }
}
