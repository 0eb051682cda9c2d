package dev.homeport.watch;

/** Network text made safe for one log line: control characters shown as {@code \xNN}, length capped. */
final class Printable {
    private static final int MAX = 200;

    private Printable() {
    }

    static String of(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8);
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() >= MAX) b.append("...");
        return b.toString();
    }
}
