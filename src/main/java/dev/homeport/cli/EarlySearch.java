package dev.homeport.cli;

import dev.homeport.net.HttpClients;
import dev.homeport.net.LocalNetwork;
import dev.homeport.state.StateDirs;
import dev.homeport.upnp.GatewayCache;
import dev.homeport.upnp.SsdpSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends the SSDP search at the process's start, before picocli, logging and the config are loaded, when the command
 * line will surely discover: a router command (forward, unforward, list, external-ip), no {@code --router} URL, no
 * {@code --via} other than upnp or auto, and no remembered gateway. The router answers while the JVM loads the rest
 * (measured: a cold {@code forward} about 100 ms sooner, docs/performance.md). When the run ends up not discovering
 * (the config names another way), the cost was one multicast datagram and one description read; parsing is still
 * picocli's alone. The router's HTTP client is built alongside (and handed to {@link Services#lanHttp()}), and the
 * default gateway's description read as soon as it answers.
 */
final class EarlySearch {
    private static final Set<String> DISCOVERING = Set.of("forward", "unforward", "list", "external-ip");
    // reassert is not searched early: what it does depends on the config (the installed example sets nothing, and then
    // the timer's run must send nothing at all), and after its first run the gateway is remembered anyway.
    private static final Set<String> OTHERS = Set.of("discover", "ddns", "config", "profiles", "router-ddns", "doctor", "watch", "help",
            "reassert");

    private EarlySearch() {
    }

    /** Starts the search when {@link #wanted} says so; never throws. */
    static Optional<SsdpSearch> start(String[] args, Map<String, String> env) {
        try {
            if (!wanted(List.of(args), env, Path.of(System.getProperty("user.home")), System.getProperty("user.name"))) {
                return Optional.empty();
            }
            return SsdpSearch.start(LocalNetwork.system(), Optional.of(HttpClients.createSoon(VersionProvider.version())));
        } catch (RuntimeException e) {
            return Optional.empty(); // the normal discovery searches then
        }
    }

    /** True when this command line will discover a UPnP gateway (see the class comment). */
    static boolean wanted(List<String> args, Map<String, String> env, Path home, String user) {
        String command = null;
        String stateDir = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return false;
            if (a.startsWith("--router")) return false;
            if (a.equals("--via") || a.startsWith("--via=")) {
                String via = a.equals("--via") ? (i + 1 < args.size() ? args.get(i + 1) : "") : a.substring("--via=".length());
                if (!via.equals("upnp") && !via.equals("auto")) return false;
            }
            if (a.equals("--state-dir") && i + 1 < args.size()) stateDir = args.get(i + 1);
            if (a.startsWith("--state-dir=")) stateDir = a.substring("--state-dir=".length());
            if (command == null && DISCOVERING.contains(a)) command = a;
            if (command == null && OTHERS.contains(a)) return false;
        }
        if (command == null) return false;
        Path dir;
        if (stateDir != null) {
            dir = Path.of(stateDir);
        } else if (env.get("HOMEPORT_STATE_DIR") != null && !env.get("HOMEPORT_STATE_DIR").isBlank()) {
            dir = Path.of(env.get("HOMEPORT_STATE_DIR"));
        } else {
            dir = StateDirs.defaultDir(user, home, env);
        }
        // A remembered gateway is asked directly (no SSDP): searching would only add a datagram.
        return !Files.exists(dir.resolve(GatewayCache.NAME + ".state"));
    }
}
