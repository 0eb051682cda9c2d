package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.core.Router;

/**
 * Turns the user's choice (options, config) into a connected {@link Router}: UPnP-IGD, the web admin, or UPnP with
 * the web admin as fallback. The one place commands get a router from.
 */
final class RouterConnector {
    private final Services services;

    RouterConnector(Services services) {
        this.services = services;
    }

    /**
     * Connects along the path chosen by {@code options}, falling back to {@code settings} from the config.
     *
     * @throws HomeportException (NO_ROUTER, WEB_ADMIN, ...) when no router can be reached that way
     */
    Router connect(RouterOptions options, Config.RouterSettings settings) {
        Config.Via via = options.via().orElse(settings.via());
        return switch (via) {
            case UPNP -> upnp(options, settings);
            case WEB -> web(options, settings);
            case AUTO -> upnp(options, settings);
        };
    }

    private Router upnp(RouterOptions options, Config.RouterSettings settings) {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "UPnP is not built yet");
    }

    private Router web(RouterOptions options, Config.RouterSettings settings) {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "the web-admin path is not built yet");
    }

    Services services() {
        return services;
    }
}
