package dev.homeport.core;

/**
 * How homeport marks what it creates. Routers keep only a free-text description per mapping, so the marker lives
 * there: every description homeport writes starts with {@code "homeport "}. A mapping without it is never changed
 * or deleted by homeport.
 */
public final class Ownership {
    /** Start of every description homeport writes. */
    public static final String PREFIX = "homeport ";

    private Ownership() {
    }

    /** The description for a mapping named {@code name}: the name itself when it already carries the marker. */
    public static String describe(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        return isOwned(n) ? n : PREFIX + n;
    }

    /** The default name: {@code homeport <host> <port>}. */
    public static String defaultName(String hostName, int port) {
        return PREFIX + hostName + " " + port;
    }

    /** True when the description carries homeport's marker. */
    public static boolean isOwned(String description) {
        return description != null && description.startsWith(PREFIX);
    }
}
