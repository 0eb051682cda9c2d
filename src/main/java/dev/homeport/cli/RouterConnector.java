package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.core.Router;
import dev.homeport.pcp.PortControl;
import dev.homeport.pcp.PortControlException;
import dev.homeport.pcp.PortControlRouter;
import dev.homeport.upnp.GatewayCache;
import dev.homeport.upnp.Upnp;
import dev.homeport.upnp.UpnpRouter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the user's choice (options, config) into a connected {@link Router}: UPnP-IGD, PCP, NAT-PMP, the web admin,
 * or (auto) each in that order until one answers. The one place commands get a router from.
 */
final class RouterConnector {
    private final Services services;
    private final GlobalOptions global;

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
            case PCP -> portControl().pcp();
            case NATPMP -> portControl().natPmp();
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
        if (router instanceof PortControlRouter p) return p.localAddress();
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
        if (url.isEmpty()) requireNetwork();
        Upnp upnp = new Upnp(services.lanHttp(), services.network(), services.earlySearch());
        if (url.isPresent()) return upnp.router(upnp.connect(url.get()).gateway());
        return upnp.cachedRouter(new GatewayCache(services.stateStore(global)), Upnp.DEFAULT_TIMEOUT);
    }

    /**
     * Without an interface up or a default route there is no router to discover: say so at once, as doctor does,
     * instead of waiting for SSDP answers that cannot come (or failing inside the UPnP library).
     *
     * @throws HomeportException (NO_ROUTER) when this host is not connected to a router
     */
    private void requireNetwork() {
        if (services.network().defaultGateway().isPresent()) return;
        String hint = "connect it to the LAN (cable or Wi-Fi) and check 'ip route' shows a default route";
        if (services.network().subnets().isEmpty()) {
            throw new HomeportException(HomeportException.Kind.NO_ROUTER,
                    "no network: this host has no network interface up (only loopback), so there is no router to ask", hint);
        }
        throw new HomeportException(HomeportException.Kind.NO_ROUTER,
                "no network: this host has no default route, so it is not connected to a router", hint);
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

    /** PCP and NAT-PMP to the default gateway (UDP port 5351). */
    private PortControl portControl() {
        String gw = services.network().defaultGateway().orElseThrow(() -> new HomeportException(HomeportException.Kind.NO_ROUTER,
                "no default gateway: PCP and NAT-PMP talk to it", "check this host's network settings (ip route)"));
        return new PortControl(gw, services.stateStore(global), services.clock());
    }

    /**
     * PCP, probed at once (ANNOUNCE) so that {@code auto} moves on when it is not there. A gateway that answered not
     * at all will not answer NAT-PMP on the same port either; one that speaks only NAT-PMP said so.
     */
    private Router pcpProbed(boolean[] pcpSilent) {
        PortControlRouter r = portControl().pcp();
        try {
            r.restart();
        } catch (PortControlException e) {
            pcpSilent[0] = e.kind() == HomeportException.Kind.NO_ROUTER;
            throw e;
        }
        return r;
    }

    private Router natPmpProbed(boolean[] pcpSilent) {
        if (pcpSilent[0]) {
            throw new HomeportException(HomeportException.Kind.NO_ROUTER, "not tried: nothing answered PCP on the same port");
        }
        PortControlRouter r = portControl().natPmp();
        r.restart();
        return r;
    }

    /**
     * UPnP, PCP, NAT-PMP, then the web admin when its password is configured. A --router URL that is a device description (a path
     * such as /rootDesc.xml) is for UPnP and its host for the web admin; a bare admin URL (http://192.168.1.1) is for
     * the web admin, and UPnP discovers.
     */
    private Router auto(RouterOptions options, Config.RouterSettings settings) {
        Optional<String> url = options.url().or(settings::url);
        Optional<String> upnpUrl = url.filter(WebAdminConnector::looksLikeDescription);
        boolean[] pcpSilent = {false};
        List<FallbackRouter.Step> steps = new ArrayList<>(List.of(new FallbackRouter.Step("UPnP", () -> upnp(upnpUrl))));
        // A description URL names a UPnP device; PCP and NAT-PMP need the default gateway.
        if (upnpUrl.isEmpty() && services.network().defaultGateway().isPresent()) {
            steps.add(new FallbackRouter.Step("PCP", () -> pcpProbed(pcpSilent), false));
            steps.add(new FallbackRouter.Step("NAT-PMP", () -> natPmpProbed(pcpSilent), false));
        }
        // Without the admin password there is no web admin to try.
        if (new WebAdminConnector(services).configured(options, settings)) {
            steps.add(new FallbackRouter.Step(FallbackRouter.WEB, () -> web(options, settings)));
        }
        // Nothing to fall back to: UPnP's own error is the useful one.
        if (steps.size() == 1) return upnp(upnpUrl);
        return new FallbackRouter(steps, services.err(), global.quiet());
    }

    /** The router in use behind a fallback chain. */
    static Router unwrap(Router router) {
        return router instanceof FallbackRouter f ? f.active() : router;
    }

    Services services() {
        return services;
    }
}
