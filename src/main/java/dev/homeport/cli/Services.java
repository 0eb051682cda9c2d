package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.config.ConfigException;
import dev.homeport.config.ConfigLoader;
import dev.homeport.config.ConfigLocator;
import dev.homeport.guard.OutputBoundary;
import dev.homeport.net.HttpClients;
import dev.homeport.net.Ipv6Local;
import dev.homeport.net.LocalNetwork;
import dev.homeport.state.StateDirs;
import dev.homeport.state.StateStore;
import dev.homeport.upnp.SsdpSearch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * What commands need from the outside world, built once at the top and passed down. The HTTP client is created
 * on first use: commands that never talk HTTP never pay for it, and those that talk only to the router never pay for
 * TLS.
 */
final class Services {
    private final Output output;
    private final Map<String, String> env;
    private final Clock clock;
    private final Path home;
    private final ConfigLocator configLocator;
    private final LocalNetwork network;
    private final Ipv6Local ipv6;
    private OkHttpClient plainHttp;
    private OkHttpClient http;
    private Optional<SsdpSearch> earlySearch = Optional.empty();

    Services(PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock, Path home, ConfigLocator configLocator,
             LocalNetwork network) {
        this(out, err, env, clock, home, configLocator, network, Ipv6Local.absent());
    }

    /** @param ipv6 this host's IPv6 view (the constructor above gives none, so unit tests never see the machine's) */
    Services(PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock, Path home, ConfigLocator configLocator,
             LocalNetwork network, Ipv6Local ipv6) {
        this.ipv6 = ipv6;
        // The output boundary: every line printed passes the run's redactor and the control-character sanitizer.
        this.output = new Output(new PrintWriter(new OutputBoundary(out), true), new PrintWriter(new OutputBoundary(err), true));
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.home = home;
        this.configLocator = configLocator;
        this.network = network;
    }

    static Services system(PrintWriter out, PrintWriter err, Map<String, String> env) {
        Path home = Path.of(System.getProperty("user.home"));
        return new Services(out, err, env, Clock.systemUTC(), home, ConfigLocator.of(home, Path.of("/etc"), env), LocalNetwork.system(),
                Ipv6Local.system());
    }

    /** Text results: stdout, or stderr while {@code --json} owns stdout (see {@link Output}). */
    PrintWriter out() {
        return output.out();
    }

    PrintWriter err() {
        return output.err();
    }

    /** The output contract of this run: --json, -q, -v. */
    Output output() {
        return output;
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

    Ipv6Local ipv6() {
        return ipv6;
    }

    /** The default state directory; {@code HOMEPORT_STATE_DIR} overrides it. */
    Path defaultStateDir() {
        String override = env.get("HOMEPORT_STATE_DIR");
        if (override != null && !override.isBlank()) return Path.of(override);
        return StateDirs.defaultDir(System.getProperty("user.name"), home, env);
    }

    /** The state store: {@code --state-dir}, else {@link #defaultStateDir()}. */
    StateStore stateStore(GlobalOptions global) {
        Path dir = global.stateDir().orElseGet(this::defaultStateDir);
        output.detail("state: " + dir);
        return new StateStore(dir);
    }

    /**
     * The config file: {@code --config}, else the first of the default locations that exists. A file that sets nothing
     * (the installed example) is an error here: {@code config check} and {@code ddns} need a section.
     *
     * @throws ConfigException when a file is found but invalid, or none is found
     */
    Config loadConfig(GlobalOptions global) {
        return locateConfig(global).map(ConfigLoader::load).orElseThrow(() -> new ConfigException(configLocator.candidates().get(0),
                0, "", "no config file (looked in " + lookedIn() + ")", "pass --config FILE or create one (see docs/config.md)"));
    }

    /**
     * Like {@link #loadConfig(GlobalOptions)}, but a file that sets nothing yet (the installed example) is a blank
     * {@link Config} instead of an error.
     */
    Config loadConfigAllowingBlank(GlobalOptions global) {
        Optional<Path> file = configLocator.locate(global.config());
        return file.isPresent() ? ConfigLoader.loadAllowingBlank(file.get()) : loadConfig(global);
    }

    /**
     * The config if one is given or found; an invalid one still throws. A file that sets nothing yet (the installed
     * example, all comments) is a blank config, not an error: commands that only read the router settings from it
     * (forward, doctor...) work right after the package is installed.
     */
    Optional<Config> findConfig(GlobalOptions global) {
        return locateConfig(global).map(ConfigLoader::loadAllowingBlank);
    }

    private Optional<Path> locateConfig(GlobalOptions global) {
        Optional<Path> file = configLocator.locate(global.config());
        output.detail("config: " + file.map(Path::toString).orElse("none (looked in " + lookedIn() + ")"));
        return file;
    }

    private String lookedIn() {
        return configLocator.candidates().stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", "));
    }

    /** The SSDP search {@code Main} sent at the start ({@link EarlySearch}), for the first discovery to read. */
    synchronized Optional<SsdpSearch> earlySearch() {
        return earlySearch;
    }

    synchronized void searchedEarly(Optional<SsdpSearch> search) {
        earlySearch = search;
    }

    /** The HTTP client for anything on the internet (DNS providers, IP echo services): HTTP and HTTPS. */
    synchronized OkHttpClient http() {
        if (http == null) http = HttpClients.withTls(lanHttp());
        return http;
    }

    /**
     * The same client for the router on the LAN (UPnP speaks plain HTTP only): a run that talks only to the router
     * never initialises TLS. Shares connections and threads with {@link #http()}.
     */
    synchronized OkHttpClient lanHttp() {
        if (plainHttp == null) {
            plainHttp = earlySearch.flatMap(SsdpSearch::client).orElseGet(() -> HttpClients.create(VersionProvider.version()));
        }
        return plainHttp;
    }

    /** Releases the HTTP clients' threads and connections (shared by both) so the JVM can exit at once. */
    synchronized void close() {
        earlySearch.ifPresent(SsdpSearch::close);
        if (plainHttp != null) {
            plainHttp.dispatcher().executorService().shutdown();
            plainHttp.connectionPool().evictAll();
        }
    }
}
