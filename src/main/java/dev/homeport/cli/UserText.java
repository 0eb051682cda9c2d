package dev.homeport.cli;

import java.util.regex.Pattern;

/**
 * Puts library and JDK wording into the user's terms before it is printed: addresses without Java's leading
 * {@code /} ({@code InetAddress.toString()}), and no exception class names below {@code -vv}.
 */
final class UserText {
    /** {@code /192.0.2.1:888} as {@code InetSocketAddress} prints it, at the start or after a space or bracket. */
    private static final Pattern SLASH_ADDRESS =
            Pattern.compile("(^|[\\s(\\[,'\"])/(\\d{1,3}(?:\\.\\d{1,3}){3}|\\[?[0-9a-fA-F:]*:[0-9a-fA-F:]*\\]?)");
    /** {@code java.net.ConnectException: } and the like, anywhere in a message. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)(?::\\s*|\\b)");

    private UserText() {
    }

    /** One line, in the user's terms; at {@code -vv} exception class names are kept for the bug report. */
    static String humane(String message, int verbosity) {
        String s = oneLine(message);
        s = SLASH_ADDRESS.matcher(s).replaceAll("$1$2");
        if (verbosity < 2) s = CLASS_NAME.matcher(s).replaceAll("").strip();
        return s;
    }

    static String oneLine(String s) {
        if (s == null) return "";
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
