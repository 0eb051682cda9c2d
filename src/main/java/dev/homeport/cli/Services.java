package dev.homeport.cli;

import dev.homeport.config.ConfigLocator;
import dev.homeport.net.HttpClients;
import dev.homeport.net.LocalNetwork;
import dev.homeport.state.StateDirs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * What commands need from the outside world, built once at the top and passed down. The HTTP client is created
 * on first use: commands that never talk HTTP never pay for it.
 */
final class Services {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private final Clock clock;
    private final Path home;
    private final ConfigLocator configLocator;
    private final LocalNetwork network;
    private OkHttpClient http;

    Services(PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock, Path home, ConfigLocator configLocator,
             LocalNetwork network) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.home = home;
        this.configLocator = configLocator;
        this.network = network;
    }

    static Services system(PrintWriter out, PrintWriter err, Map<String, String> env) {
        Path home = Path.of(System.getProperty("user.home"));
        return new Services(out, err, env, Clock.systemUTC(), home, new ConfigLocator(home, Path.of("/etc")), LocalNetwork.system());
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    Map<String, String> env() {
        return env;
    }

    Clock clock() {
        return clock;
    }

    Path home() {
        return home;
    }

    ConfigLocator configLocator() {
        return configLocator;
    }

    LocalNetwork network() {
        return network;
    }

    /** The default state directory; {@code HOMEPORT_STATE_DIR} overrides it. */
    Path defaultStateDir() {
        String override = env.get("HOMEPORT_STATE_DIR");
        if (override != null && !override.isBlank()) return Path.of(override);
        return StateDirs.defaultDir(System.getProperty("user.name"), home, env);
    }

    synchronized OkHttpClient http() {
        if (http == null) http = HttpClients.create(VersionProvider.version());
        return http;
    }

    /** Releases the HTTP client's threads and connections so the JVM can exit at once. */
    synchronized void close() {
        if (http != null) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
