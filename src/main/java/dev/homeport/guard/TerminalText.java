package dev.homeport.guard;

/**
 * Makes control characters visible, so text a router or a provider chose (alerts, device names, answers) cannot
 * retitle or clear the user's terminal, move the cursor, or fake an {@code error:} line: C0 controls but tab and line
 * feed, DEL, C1 controls and the Unicode bidirectional overrides become {@code \x1b}-style escapes.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code text} with control characters shown as escapes; line feeds and tabs kept. */
    public static String visible(String text) {
        return escape(text, false);
    }

    /** {@code text} on one line: line feeds shown as {@code \n} too (for a value embedded in a sentence). */
    public static String oneLine(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean newlines) {
        if (text == null) return null;
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i), newlines)) i++;
        if (i == text.length()) return text;
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c, newlines)) {
                b.append(c);
            } else if (c <= 0xff) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    static boolean isControl(char c, boolean newlines) {
        if (c == '\t') return false;
        if (c == '\n') return newlines;
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }
}
