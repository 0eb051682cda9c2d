package dev.homeport.cli;

import dev.homeport.core.Pinhole;
import dev.homeport.core.Pinholes;
import dev.homeport.core.Router;
import dev.homeport.ipv6.PinholeKeeper;
import dev.homeport.net.Ipv6Local;
import dev.homeport.pcp.KernelRandom;
import dev.homeport.pcp.PcpClient;
import dev.homeport.pcp.PcpPinholes;
import dev.homeport.pcp.PortControlException;
import dev.homeport.pcp.PortControlRouter;
import dev.homeport.upnp.Ipv6Connector;
import dev.homeport.upnp.UpnpRouter;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Gets the IPv6 pinhole control of a connected router, or the reason there is none. The one place commands get
 * pinholes from.
 *
 * <p>UPnP refuses internal ports below 1024 (miniupnpd answers 606), a PCP MAP over IPv6 opens them: for a UPnP router
 * {@link #lookup} returns {@code upnp.orElse(pcp)}, or PCP alone when the router has no usable UPnP IPv6 firewall
 * control (on miniupnpd, PCP first for ports below 1024); for a router driven over PCP, PCP alone. PCP is asked at the
 * IPv6 default gateway, from the stable address.
 */
final class PinholeConnector {
    private final Services services;
    private final GlobalOptions global;

    PinholeConnector(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    /** The router's pinhole control (UPnP IGD:2, else PCP), this host's stable IPv6 address, or why there are none. */
    Ipv6Connector.Lookup lookup(Router r) {
        Optional<String> stable = services.ipv6().stableGlobal();
        if (stable.isEmpty()) {
            return new Ipv6Connector.Lookup(Optional.empty(), Optional.empty(), "this host has no stable global IPv6 address");
        }
        Router active = r instanceof FallbackRouter f ? f.active() : r;
        if (active instanceof UpnpRouter u) {
            Supplier<Ipv6Connector.Lookup> upnp = () -> Ipv6Connector.find(services.lanHttp(), u.gateway(), services.ipv6());
            Optional<Pinholes> pcp = pcp(stable.get());
            if (pcp.isEmpty()) return upnp.get();
            // The UPnP control (the description read again over IPv6, GetFirewallStatus) is looked up only when a
            // pinhole is opened or is UPnP's: renewing a PCP pinhole, what the timer does, needs PCP alone. A router that
            // refuses every pinhole below port 1024 over UPnP (miniupnpd) is asked for those over PCP first.
            Predicate<Pinhole> pcpFirst = u.gateway().refusesLowPortPinholes() ? p -> p.port() < 1024 : p -> false;
            Pinholes both = Pinholes.deferred(pcp.get(), () -> upnp.get().pinholes(), pcpFirst);
            return new Ipv6Connector.Lookup(Optional.of(both), stable, "");
        }
        if (active instanceof PortControlRouter) {
            return pcp(stable.get()).map(p -> new Ipv6Connector.Lookup(Optional.of(p), stable, ""))
                    .orElseGet(() -> new Ipv6Connector.Lookup(Optional.empty(), stable, "this host has no IPv6 default route"));
        }
        return new Ipv6Connector.Lookup(Optional.empty(), stable,
                "the router is driven through its web admin, where homeport opens no IPv6 pinholes");
    }

    /** The keeper of this host's pinholes through {@code lookup}, if it found a control. */
    Optional<PinholeKeeper> keeper(Ipv6Connector.Lookup lookup) {
        return lookup.pinholes().map(p -> new PinholeKeeper(p, services.stateStore(global), services.clock()));
    }

    /** PCP pinholes at the IPv6 default gateway, sent from {@code stable}; empty without an IPv6 default route. */
    private Optional<Pinholes> pcp(String stable) {
        Optional<Ipv6Local.Gateway> gw = services.ipv6().defaultGateway();
        if (gw.isEmpty()) return Optional.empty();
        try {
            InetAddress router = InetAddress.getByName(gw.get().address());
            if (gw.get().linkLocal()) {
                NetworkInterface nic = NetworkInterface.getByName(gw.get().iface());
                if (nic == null) return Optional.empty();
                router = Inet6Address.getByAddress(null, router.getAddress(), nic);
            }
            InetAddress me = InetAddress.getByName(stable);
            PcpClient client = PcpClient.forGateway(new InetSocketAddress(router, PcpClient.PORT), Optional.of(me), services.clock());
            return Optional.of(new PcpPinholes(client, KernelRandom.create(), gw.get().address()));
        } catch (IOException | PortControlException e) {
            return Optional.empty();
        }
    }
}
