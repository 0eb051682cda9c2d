package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.core.Router;
import dev.homeport.upnp.GatewayCache;
import dev.homeport.upnp.Upnp;
import dev.homeport.upnp.UpnpRouter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Turns the user's choice (options, config) into a connected {@link Router}: UPnP-IGD, the web admin, or UPnP with
 * the web admin as fallback. The one place commands get a router from.
 */
final class RouterConnector {
    private final Services services;
    private final GlobalOptions global;

    RouterConnector(Services services) {
        this(services, new GlobalOptions());
    }

    RouterConnector(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    /**
     * Connects along the path chosen by {@code options}, falling back to {@code settings} from the config.
     *
     * @throws HomeportException (NO_ROUTER, WEB_ADMIN, ...) when no router can be reached that way
     */
    Router connect(RouterOptions options, Config.RouterSettings settings) {
        Config.Via via = options.via().orElse(settings.via());
        services.output().detail("router: via " + via.name().toLowerCase(java.util.Locale.ROOT)
                + options.url().or(settings::url).map(u -> ", at " + u).orElse(", found by discovery (or the remembered gateway)"));
        Router router = switch (via) {
            case UPNP -> upnp(options, settings);
            case WEB -> web(options, settings);
            case AUTO -> auto(options, settings);
        };
        services.output().detail("router: " + router.describe());
        return router;
    }

    /** The router settings of the config file when there is one, else the defaults. */
    Config.RouterSettings settings() {
        return services.findConfig(global).map(Config::router).orElseGet(Config.RouterSettings::defaults);
    }

    /**
     * This host's address on the interface that reaches {@code router}: the default internal client of a mapping.
     *
     * @throws HomeportException (NO_ROUTER) when no route leads to the router
     */
    String thisHost(Router router) {
        if (router instanceof FallbackRouter f) return thisHost(f.active());
        if (router instanceof UpnpRouter u) return u.gateway().localAddress();
        if (webHost.isPresent()) return services.network().sourceAddressFor(webHost.get());
        Optional<String> gw = services.network().defaultGateway();
        try {
            if (gw.isPresent()) return services.network().sourceAddressFor(gw.get());
        } catch (UncheckedIOException e) {
            // reported below
        }
        throw new HomeportException(HomeportException.Kind.NO_ROUTER, "cannot tell this host's LAN address: no route to the router",
                "pass --to ADDRESS");
    }

    /**
     * UPnP: the {@code --router} URL or the config's {@code router.url} (no SSDP), else the cached gateway (no
     * requests until the first action; rediscovered and re-cached if it does not answer), else discovery.
     */
    private Router upnp(RouterOptions options, Config.RouterSettings settings) {
        return upnp(options.url().or(settings::url));
    }

    private Router upnp(Optional<String> url) {
        Upnp upnp = new Upnp(services.lanHttp(), services.network());
        if (url.isPresent()) return upnp.router(upnp.connect(url.get()).gateway());
        return upnp.cachedRouter(new GatewayCache(services.stateStore(global)), Upnp.DEFAULT_TIMEOUT);
    }

    // ---- web admin (the webadmin engineer's part) ----

    /** Set once the web admin is chosen: this host's address is the one facing it. */
    private Optional<String> webHost = Optional.empty();

    private Router web(RouterOptions options, Config.RouterSettings settings) {
        WebAdminConnector web = new WebAdminConnector(services);
        String url = web.url(options, settings);
        webHost = Optional.ofNullable(okhttp3.HttpUrl.parse(url)).map(okhttp3.HttpUrl::host);
        return web.router(url, options, settings);
    }

    /**
     * UPnP, then the web admin when its password is configured. A --router URL that is a device description (a path
     * such as /rootDesc.xml) is for UPnP and its host for the web admin; a bare admin URL (http://192.168.1.1) is for
     * the web admin, and UPnP discovers.
     */
    private Router auto(RouterOptions options, Config.RouterSettings settings) {
        Optional<String> url = options.url().or(settings::url);
        Optional<String> upnpUrl = url.filter(WebAdminConnector::looksLikeDescription);
        // Without the admin password there is no fallback to try: UPnP's own error is the useful one.
        if (!new WebAdminConnector(services).configured(options, settings)) return upnp(upnpUrl);
        return new FallbackRouter(() -> upnp(upnpUrl), () -> web(options, settings), services.err(), global.quiet());
    }

    Services services() {
        return services;
    }
}
