package dev.homeport.upnp;

import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.net.Ipv4;
import dev.homeport.net.LocalNetwork;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UPnP entry point: find a gateway (SSDP discovery, a given description URL, or the cache) and get a
 * {@link UpnpRouter} for it.
 *
 * <pre>{@code
 * Upnp upnp = new Upnp(http, LocalNetwork.system());
 * UpnpRouter router = upnp.cachedRouter(new GatewayCache(stateStore), Upnp.DEFAULT_TIMEOUT); // warm: no SSDP
 * String wan = router.externalAddress();
 * }</pre>
 */
public final class Upnp {
    private static final Logger LOG = LoggerFactory.getLogger(Upnp.class);
    /** How long discovery waits when nothing answers. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private final OkHttpClient http;
    private final LocalNetwork network;
    private final Optional<SsdpSearch> early;

    public Upnp(OkHttpClient http, LocalNetwork network) {
        this(http, network, Optional.empty());
    }

    /** @param early a search sent at the process's start ({@link SsdpSearch#start}): the first discovery reads it */
    public Upnp(OkHttpClient http, LocalNetwork network, Optional<SsdpSearch> early) {
        this.http = http;
        this.network = network;
        this.early = early;
    }

    /** A gateway found by {@link #discoverAll}: the one homeport would use and every WAN service listed. */
    public record DiscoveredGateway(Gateway gateway, List<Service> services) {
        public DiscoveredGateway {
            services = List.copyOf(services);
        }
    }

    /** A WAN connection service of a gateway. */
    public record Service(String serviceType, String controlUrl) {
    }

    /**
     * Discovers the first usable gateway, the default gateway preferred.
     *
     * @throws UpnpException NO_ROUTER when none answers within {@code timeout}
     */
    public Gateway discover(Duration timeout) {
        Discovery.Result r = new Discovery(http, network, early).run(timeout, false);
        if (r.found().isEmpty()) throw noneFound(timeout, r.refusals());
        return r.found().get(0).gateway();
    }

    /**
     * Every gateway that answers within {@code timeout}, the default gateway first.
     *
     * @throws UpnpException NO_ROUTER when none does
     */
    public List<DiscoveredGateway> discoverAll(Duration timeout) {
        Discovery.Result r = new Discovery(http, network, Optional.empty()).run(timeout, true);
        if (r.found().isEmpty()) throw noneFound(timeout, r.refusals());
        return r.found().stream().map(f -> new DiscoveredGateway(f.gateway(), f.wanServices().stream()
                .map(s -> new Service(s.serviceType(), s.controlUrl())).toList())).toList();
    }

    /**
     * Reads the description at {@code descriptionUrl} (no SSDP): the user named the router.
     *
     * @throws UpnpException NO_ROUTER when it cannot be fetched or is not a usable IGD
     * @throws HomeportException USAGE when the URL is not an http URL with a host
     */
    public DiscoveredGateway connect(String descriptionUrl) {
        String host = checkUrl(descriptionUrl);
        DeviceDescription d = new DescriptionFetcher(http).fetch(descriptionUrl);
        String local;
        try {
            local = network.sourceAddressFor(host);
        } catch (UncheckedIOException e) {
            throw UpnpException.of(Kind.NO_ROUTER, "no route to the router at " + host, "check the --router URL", host);
        }
        GatewaySelector.Choice c = GatewaySelector.choose(d, local);
        Gateway g = c.gateway().orElseThrow(() -> UpnpException.of(Kind.NO_ROUTER, descriptionUrl + " is not a usable UPnP"
                + " gateway: " + c.reason(), "pass the router's IGD description URL ('homeport discover' shows it)", host));
        return new DiscoveredGateway(g, c.wanServices().stream().map(s -> new Service(s.serviceType(), s.controlUrl())).toList());
    }

    /** A router for {@code gateway}, no requests made yet. */
    public UpnpRouter router(Gateway gateway) {
        return new UpnpRouter(http, gateway, Optional.empty());
    }

    /**
     * A router from the cache when it holds a gateway (zero requests until the first action, which validates it),
     * else from discovery. When the cached gateway does not answer, the router rediscovers once and rewrites the
     * cache: routers change their HTTP port when they reboot. A discovered gateway is cached at once.
     *
     * @throws UpnpException NO_ROUTER when there is no cache and discovery finds nothing
     */
    public UpnpRouter cachedRouter(GatewayCache cache, Duration timeout) {
        Supplier<Gateway> rediscover = () -> {
            Gateway g = discover(timeout);
            if (isDefaultGateway(g)) {
                remember(cache, g);
            } else {
                // Another LAN host answered while the default gateway did not: used for this run only, never cached, so
                // the real router is asked again next time.
                LOG.warn("using {}, which is not the default gateway {}: the default gateway did not answer UPnP (not cached)",
                        g.describe(), network.defaultGateway().orElse("?"));
            }
            return g;
        };
        // A cached gateway that is not the default gateway (a cache from before this rule, or the route changed) is
        // not trusted: discover, so the default gateway is preferred again.
        Optional<Gateway> cached = cache.read().filter(this::isDefaultGateway).map(this::fromHere);
        if (cached.isPresent()) return new UpnpRouter(http, cached.get(), Optional.of(rediscover));
        return new UpnpRouter(http, rediscover.get(), Optional.empty());
    }

    /**
     * Caches {@code g}; a state directory that cannot be written costs the next run a discovery, not this run its
     * result.
     */
    public static void remember(GatewayCache cache, Gateway g) {
        try {
            cache.write(g);
        } catch (HomeportException e) {
            LOG.warn("could not remember the gateway: {}", e.getMessage());
        }
    }

    /**
     * True when {@code g} is this host's default gateway, or when the routing table names none (nothing to prefer).
     * Any other LAN host answering SSDP is at best a second router and at worst a rogue one.
     */
    public boolean isDefaultGateway(Gateway g) {
        return network.defaultGateway().map(d -> d.equals(g.host())).orElse(true);
    }

    /** The DHCP lease of this host may have changed since the gateway was cached: ask the routing table (no traffic). */
    private Gateway fromHere(Gateway g) {
        try {
            String local = network.sourceAddressFor(g.host());
            return local.equals(g.localAddress()) || !Ipv4.isValid(local) ? g : g.withLocalAddress(local);
        } catch (UncheckedIOException e) {
            return g;
        }
    }

    private static String checkUrl(String url) {
        try {
            URI u = URI.create(url.strip());
            if ("http".equalsIgnoreCase(u.getScheme()) && u.getHost() != null) return u.getHost();
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new HomeportException(Kind.USAGE, "--router '" + url + "' must be the router's device-description URL,"
                + " like http://192.0.2.1:5000/rootDesc.xml", "'homeport discover' shows it");
    }

    private static UpnpException noneFound(Duration timeout, List<String> refusals) {
        String seconds = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
        String refused = refusals.isEmpty() ? "" : " (" + refusals.size() + " answer(s) refused: " + refusals.get(0) + ")";
        return UpnpException.of(Kind.NO_ROUTER, "no UPnP router answered within " + seconds + refused,
                "enable UPnP on the router, or pass --router http://ROUTER:PORT/rootDesc.xml", "");
    }
}
