package dev.homeport.state;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where state lives when the user does not say: {@code /var/lib/homeport} for root, else
 * {@code $XDG_STATE_HOME/homeport} or {@code ~/.local/state/homeport}.
 */
public final class StateDirs {
    private StateDirs() {
    }

    /** The default state directory for this user and environment. */
    public static Path defaultDir(String userName, Path home, Map<String, String> env) {
        if ("root".equals(userName)) return Path.of("/var/lib/homeport");
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "homeport");
        return home.resolve(".local/state/homeport");
    }
}
