package dev.homeport.core;

/** The one way homeport shows a length of time to people: the two largest units, {@code 6d 23h}, {@code 4m 10s}. */
public final class Durations {
    private Durations() {
    }

    /** {@code 6d 23h}, {@code 7d}, {@code 2h 5m}, {@code 4m 10s}, {@code 45s}. */
    public static String human(long seconds) {
        long d = seconds / 86_400;
        long h = seconds % 86_400 / 3_600;
        long m = seconds % 3_600 / 60;
        long s = seconds % 60;
        if (d > 0) return h > 0 ? d + "d " + h + "h" : d + "d";
        if (h > 0) return m > 0 ? h + "h " + m + "m" : h + "h";
        if (m > 0) return s > 0 ? m + "m " + s + "s" : m + "m";
        return s + "s";
    }
}
