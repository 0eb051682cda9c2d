package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.Router;
import dev.homeport.webadmin.Profiles;
import dev.homeport.webadmin.WebAdmin;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The web-admin side of {@link RouterConnector}: where the profiles are, which URL, user and password to use (options
 * first, then the config's {@code router:} section), and the {@link WebAdmin} built on the run's one HTTP client.
 */
final class WebAdminConnector {
    /** Pause between requests to the router, in ms, overriding the profile's (for slow routers, or tests). */
    static final String THROTTLE_ENV = "HOMEPORT_WEB_THROTTLE_MS";

    private final Services services;

    WebAdminConnector(Services services) {
        this.services = services;
    }

    /** The user's own profiles: {@code $XDG_CONFIG_HOME/homeport/profiles}, else {@code ~/.config/homeport/profiles}. */
    Path userProfileDir() {
        String xdg = services.env().get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : services.home().resolve(".config");
        return base.resolve("homeport").resolve("profiles");
    }

    Profiles profiles() {
        return Profiles.standard(userProfileDir());
    }

    WebAdmin webAdmin() {
        return new WebAdmin(services.http(), profiles());
    }

    /**
     * A router driven through its admin pages at {@code url}.
     *
     * @throws HomeportException USAGE without a password, NO_ROUTER/WEB_ADMIN from the router
     */
    Router router(String url, RouterOptions options, Config.RouterSettings settings) {
        return webAdmin().connect(target(url, options, settings));
    }

    WebAdmin.Target target(String url, RouterOptions options, Config.RouterSettings settings) {
        String profile = Optional.ofNullable(options.profile).orElse(settings.profile());
        String user = Optional.ofNullable(options.user).or(settings::username).orElse("admin");
        return new WebAdmin.Target(url, profile, user, password(options, settings), options.takeOver, throttle());
    }

    /** The web-admin URL: {@code --router}, the config's {@code router.url}, else the default gateway on port 80. */
    String url(RouterOptions options, Config.RouterSettings settings) {
        Optional<String> given = options.url().or(settings::url);
        if (given.isPresent()) return adminBase(given.get());
        return services.network().defaultGateway().map(gw -> "http://" + gw)
                .orElseThrow(() -> new HomeportException(Kind.NO_ROUTER, "no default gateway: cannot tell where the router is",
                        "pass --router http://ROUTER-ADDRESS"));
    }

    /**
     * The admin base of a URL with a path. A UPnP description ({@code http://192.168.1.1:5000/rootDesc.xml}) names the
     * router, not its admin pages: keep scheme and host, drop port and path. Any other page (one copied from the
     * browser, {@code http://192.168.1.1:8080/start.htm}) keeps its port: that is where the admin pages are.
     */
    static String adminBase(String url) {
        okhttp3.HttpUrl u = okhttp3.HttpUrl.parse(url.strip());
        if (u == null) {
            throw new HomeportException(Kind.USAGE, "--router '" + url + "' is not an http(s) URL",
                    "give the router's admin address, e.g. --router http://192.168.1.1");
        }
        if (looksLikeDescription(url)) {
            boolean description = u.encodedPath().toLowerCase(java.util.Locale.ROOT).endsWith(".xml");
            String host = u.host().contains(":") ? "[" + u.host() + "]" : u.host();
            boolean keepPort = !description && u.port() != okhttp3.HttpUrl.defaultPort(u.scheme());
            return u.scheme() + "://" + host + (keepPort ? ":" + u.port() : "");
        }
        return url.strip().replaceAll("/+$", "");
    }

    /** True for a UPnP device-description URL (a path beyond "/"), false for an admin base URL. */
    static boolean looksLikeDescription(String url) {
        okhttp3.HttpUrl u = okhttp3.HttpUrl.parse(url.strip());
        return u != null && !u.encodedPath().equals("/") && !u.encodedPath().isEmpty();
    }

    /** True when the web admin's password is given (file or environment), so the web admin can be tried. */
    boolean configured(RouterOptions options, Config.RouterSettings settings) {
        return options.passwordFile != null || settings.passwordFile().isPresent()
                || settings.passwordEnv().map(v -> services.env().get(v)).isPresent();
    }

    private String password(RouterOptions options, Config.RouterSettings settings) {
        Optional<Path> file = Optional.ofNullable(options.passwordFile).or(settings::passwordFile);
        if (file.isPresent()) {
            // A file that is not UTF-8 is CONFIG, as every login HTTP Basic cannot carry exactly (RouterBytes). An empty
            // password is never the router's: logging in with it only costs a failed attempt (and a lockout).
            return Inputs.secretFile("--password-file", file.get(), "the router's admin password", Kind.CONFIG,
                    "put the router's admin password on its first line");
        }
        Optional<String> env = settings.passwordEnv().map(v -> services.env().get(v));
        if (env.isPresent()) return env.get();
        throw new HomeportException(Kind.USAGE, "the router's web admin needs its password",
                "pass --password-file FILE (the admin password on one line, chmod 600), or set router.password-file in the config");
    }

    private OptionalInt throttle() {
        String v = services.env().get(THROTTLE_ENV);
        if (v == null || !v.strip().matches("\\d{1,5}")) return OptionalInt.empty();
        return OptionalInt.of(Integer.parseInt(v.strip()));
    }
}
