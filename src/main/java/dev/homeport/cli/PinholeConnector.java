package dev.homeport.cli;

import dev.homeport.core.Router;
import dev.homeport.ipv6.PinholeKeeper;
import dev.homeport.upnp.Ipv6Connector;
import dev.homeport.upnp.UpnpRouter;
import java.util.Optional;

/**
 * Gets the IPv6 pinhole control of a connected router, or the reason there is none. The one place commands get
 * pinholes from.
 *
 * <p>Seam for PCP: UPnP refuses internal ports below 1024 (miniupnpd answers 606), a PCP MAP over IPv6 opens them.
 * Where a PCP client exists, {@link #lookup} returns {@code upnp.orElse(pcp)} (see {@code Pinholes.orElse}), or the
 * PCP one alone when the router has no UPnP IPv6 firewall control.
 */
final class PinholeConnector {
    private final Services services;
    private final GlobalOptions global;

    PinholeConnector(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    /** The router's pinhole control (UPnP IGD:2 today), this host's stable IPv6 address, or why there are no pinholes. */
    Ipv6Connector.Lookup lookup(Router r) {
        if (services.ipv6().stableGlobal().isEmpty()) {
            return new Ipv6Connector.Lookup(Optional.empty(), Optional.empty(), "this host has no stable global IPv6 address");
        }
        Router active = r instanceof FallbackRouter f ? f.active() : r;
        if (active instanceof UpnpRouter u) return Ipv6Connector.find(services.lanHttp(), u.gateway(), services.ipv6());
        return new Ipv6Connector.Lookup(Optional.empty(), services.ipv6().stableGlobal(),
                "the router is driven through its web admin, where homeport opens no IPv6 pinholes");
    }

    /** The keeper of this host's pinholes through {@code lookup}, if it found a control. */
    Optional<PinholeKeeper> keeper(Ipv6Connector.Lookup lookup) {
        return lookup.pinholes().map(p -> new PinholeKeeper(p, services.stateStore(global), services.clock()));
    }
}
