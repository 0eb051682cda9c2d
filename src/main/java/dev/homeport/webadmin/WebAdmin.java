package dev.homeport.webadmin;

import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.Router;
import dev.homeport.guard.Redactor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the web-admin path: picks a profile (given, or detected from the 401 realm and
 * {@code /currentsetting.htm}) and hands out a {@link Router} that drives the router's admin pages, or fills in
 * the router's own Dynamic DNS page.
 */
public final class WebAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(WebAdmin.class);

    /**
     * Where and how to log in.
     *
     * @param routerUrl      the admin base URL, e.g. {@code http://192.168.0.1}
     * @param profile        a profile id, or {@code auto}
     * @param user           admin user name
     * @param password       admin password (never printed: see toString)
     * @param takeOver       end another admin's session instead of stopping
     * @param throttleMillis overrides the profile's pause between requests
     * @throws HomeportException CONFIG for a user or password HTTP Basic cannot carry exactly (see RouterBytes)
     */
    public record Target(String routerUrl, String profile, String user, String password, boolean takeOver,
                         OptionalInt throttleMillis) {
        public Target {
            Objects.requireNonNull(routerUrl, "routerUrl");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(throttleMillis, "throttleMillis");
            Redactor.current().add(password);
            // Refused here, before any request: a login Basic cannot carry exactly would be another password.
            RouterBytes.checkLogin(user, password);
            HttpUrl parsed = HttpUrl.parse(routerUrl);
            if (parsed == null) {
                throw new HomeportException(Kind.USAGE, "--router '" + routerUrl + "' is not an http(s) URL",
                        "give the admin page's address, e.g. --router http://192.168.0.1");
            }
            Redactor.current().add(parsed.password());
        }

        @Override
        public String toString() {
            return "Target[" + routerUrl + ", profile=" + profile + ", user=" + user + ", password=***]";
        }
    }

    /**
     * What to put on the router's Dynamic DNS page.
     *
     * @param provider provider key of the profile's {@code values.ddns_provider} map, e.g. {@code dyndns}
     * @param hostname the host name to keep updated
     * @param user     account at the provider
     * @param password account password (never printed)
     */
    public record DdnsSettings(String provider, String hostname, String user, String password) {
        public DdnsSettings {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Redactor.current().add(password);
        }

        @Override
        public String toString() {
            return "DdnsSettings[" + provider + ", " + hostname + ", user=" + user + ", password=***]";
        }
    }

    private final OkHttpClient http;
    private final Profiles profiles;
    private final AdminClient.Sleeper sleeper;

    /** @param http the one client of the run; a per-router variant is derived from it */
    public WebAdmin(OkHttpClient http, Profiles profiles) {
        this(http, profiles, ms -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    WebAdmin(OkHttpClient http, Profiles profiles, AdminClient.Sleeper sleeper) {
        this.http = http;
        this.profiles = profiles;
        this.sleeper = sleeper;
    }

    /**
     * A router driven through its web admin. Detection (for {@code auto}) happens now, without logging in; every
     * operation is then one login-to-logout session.
     *
     * @throws HomeportException NO_ROUTER when nothing answers, WEB_ADMIN when no profile fits, USAGE for an unknown id
     */
    public Router connect(Target target) {
        Chosen c = choose(target, "forward");
        return new WebAdminRouter(c.profile(), c.describe(target.routerUrl()), sessions(target, c.profile()));
    }

    /**
     * Fills in and applies the router's Dynamic DNS page.
     *
     * @return a one-line description of what was set (no password)
     * @throws HomeportException when the profile has no ddns operation or the router refuses
     */
    public String configureDdns(Target target, DdnsSettings settings) {
        Chosen c = choose(target, "ddns");
        Profile.Operation op = c.profile().operation("ddns").orElseThrow(() -> new HomeportException(Kind.USAGE,
                "profile " + c.profile().id() + " has no Dynamic DNS page", "pick another with --profile"));
        Map<String, String> providers = c.profile().values().getOrDefault("ddns_provider", Map.of());
        String provider = providers.get(settings.provider().toLowerCase(java.util.Locale.ROOT));
        if (provider == null) {
            throw new HomeportException(Kind.USAGE, "the router's Dynamic DNS page (profile " + c.profile().id()
                    + ") has no provider '" + settings.provider() + "'", "known: " + String.join(", ", providers.keySet()));
        }
        Map<String, String> vars = new HashMap<>(Map.of("ddns_provider", provider, "ddns_host", settings.hostname(),
                "ddns_user", settings.user(), "ddns_password", settings.password()));
        sessions(target, c.profile()).apply(d -> {
            d.run(op.steps(), vars);
            op.verify().ifPresent(v -> WebAdminRouter.verify(d, v, vars));
            return null;
        });
        return "set the router's Dynamic DNS to " + settings.provider() + " for " + settings.hostname() + " (user "
                + settings.user() + ") via " + c.describe(target.routerUrl());
    }

    private record Chosen(Profile profile, String model) {
        String describe(String url) {
            return "the web admin of " + (model.isEmpty() ? "the router" : model) + " at " + url + " (profile " + profile.id() + ")";
        }
    }

    private Chosen choose(Target target, String operation) {
        HttpUrl root = Objects.requireNonNull(HttpUrl.parse(target.routerUrl()));
        if (!target.profile().equals("auto")) {
            Profile p = profiles.get(target.profile());
            return new Chosen(p, "");
        }
        Profile.Transport probeTransport = new Profile.Transport("basic", false, 0, 10, "ISO-8859-1");
        WebAdminException.Context ctx = new WebAdminException.Context(target.routerUrl(), "auto", "detect", 0);
        try (AdminClient probe = new AdminClient(http, root, target.user(), target.password(), probeTransport, 0, sleeper, ctx)) {
            Page anonymous = probe.get(probe.resolve("/"), false, Optional.empty());
            String realm = anonymous.realm().orElse("");
            Page setting = probe.get(probe.resolve("/currentsetting.htm"), false, Optional.empty());
            String current = setting.status() == 200 ? setting.body() : "";
            String model = model(realm, current);
            LOG.debug("detect: realm '{}', currentsetting {} bytes", realm, current.length());
            List<String> tried = new ArrayList<>();
            for (Profile p : profiles.profiles()) {
                if (p.operation(operation).isEmpty()) continue;
                tried.add(p.id());
                for (Profile.Probe pr : p.detect().any()) {
                    String subject = pr.kind().equals("auth_realm") ? realm
                            : pr.path().equals("/currentsetting.htm") ? current
                            : probe.get(probe.resolve(pr.path()), false, Optional.empty()).body();
                    if (pr.regex().isPresent() && Pattern.compile(pr.regex().get()).matcher(subject).find()) {
                        LOG.info("web admin: {} matches profile {}", model.isEmpty() ? "the router" : model, p.id());
                        return new Chosen(p, model);
                    }
                }
            }
            throw new WebAdminException(Kind.WEB_ADMIN, "no profile fits the router at " + target.routerUrl()
                    + (realm.isEmpty() ? "" : " (realm \"" + realm + "\")") + "; tried " + String.join(", ", tried),
                    "name one with --profile ID ('homeport profiles list'), or write a profile (see 'homeport profiles check')", ctx);
        }
    }

    private static String model(String realm, String currentSetting) {
        Matcher m = Pattern.compile("(?m)^Model=(\\S+)").matcher(currentSetting);
        if (m.find()) return "NETGEAR " + m.group(1);
        return realm;
    }

    /** Runs work in one admin session: log in, work, always log out. */
    private WebAdminRouter.Sessions sessions(Target target, Profile profile) {
        HttpUrl root = Objects.requireNonNull(HttpUrl.parse(target.routerUrl()));
        int throttle = target.throttleMillis().orElse(profile.transport().throttleMillis());
        return new WebAdminRouter.Sessions() {
            @Override
            public <T> T apply(Function<Driver, T> work) {
                WebAdminException.Context ctx = new WebAdminException.Context(target.routerUrl(), profile.id(), "", 0);
                try (AdminClient client = new AdminClient(http, root, target.user(), target.password(), profile.transport(),
                        throttle, sleeper, ctx)) {
                    Driver driver = new Driver(client, profile, target.takeOver(), ctx);
                    RuntimeException primary = null;
                    try {
                        driver.start();
                        return work.apply(driver);
                    } catch (RuntimeException e) {
                        primary = e;
                        throw e;
                    } finally {
                        try {
                            driver.logout();
                        } catch (RuntimeException e) {
                            if (primary != null) {
                                primary.addSuppressed(e);
                            } else {
                                LOG.warn("could not log out of the router's web admin: {}", e.getMessage());
                            }
                        }
                    }
                }
            }

            @Override
            public String describe() {
                return "web admin";
            }
        };
    }
}
