package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import dev.homeport.core.Pinhole;
import dev.homeport.core.Pinholes;
import dev.homeport.core.Protocol;
import dev.homeport.core.Router;
import dev.homeport.doctor.Ipv6Probe;
import dev.homeport.ipv6.PinholeKeeper;
import dev.homeport.upnp.Ipv6Connector;
import java.util.Optional;
import java.util.function.Supplier;

/** doctor's IPv6 probe: this host's stable address, the pinholes homeport recorded (checked with the router). */
final class DoctorIpv6 implements Ipv6Probe {
    private final Services services;
    private final GlobalOptions global;
    private final Supplier<Router> router;
    private Optional<Ipv6Connector.Lookup> lookup = Optional.empty();

    DoctorIpv6(Services services, GlobalOptions global, Supplier<Router> router) {
        this.services = services;
        this.global = global;
        this.router = router;
    }

    @Override
    public Optional<String> stableAddress() {
        return services.ipv6().stableGlobal();
    }

    @Override
    public Optional<String> pinholeMissing(int port, Protocol protocol) {
        String me = stableAddress().orElse("");
        Optional<Pinhole> recorded = PinholeKeeper.recorded(services.stateStore(global)).stream()
                .filter(p -> p.port() == port && p.protocol() == protocol && p.internalClient().equals(me)).findFirst();
        if (recorded.isEmpty()) {
            return Optional.of(port < 1024 ? "none recorded (UPnP refuses pinholes below 1024: is PCP on in the router?)"
                    : "none recorded on this host");
        }
        try {
            Ipv6Connector.Lookup l = lookup();
            Optional<PinholeKeeper> keeper = new PinholeConnector(services, global).keeper(l);
            if (keeper.isEmpty()) return Optional.of("cannot check it: " + l.reason());
            // REOPENED (PCP: the router had restarted and the check's MAP opened it again) is open now.
            return keeper.get().check(recorded.get()) != Pinholes.Presence.GONE ? Optional.empty()
                    : Optional.of("pinhole " + recorded.get().id() + " is gone from the router (a reboot?): run 'homeport reassert'");
        } catch (HomeportException e) {
            return Optional.of("cannot check it: " + e.getMessage());
        }
    }

    private Ipv6Connector.Lookup lookup() {
        if (lookup.isEmpty()) lookup = Optional.of(new PinholeConnector(services, global).lookup(router.get()));
        return lookup.get();
    }
}
