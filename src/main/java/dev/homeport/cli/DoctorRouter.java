package dev.homeport.cli;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import dev.homeport.pcp.PortControl;
import dev.homeport.upnp.UpnpException;
import dev.homeport.upnp.UpnpRouter;
import java.util.List;
import java.util.Optional;

/**
 * The router as doctor asks it. miniupnpd answers GetExternalIPAddress with an empty string while its WAN connection
 * is up when that address is private or carrier-grade NAT; UpnpRouter turns that into a refusal, which would hide
 * the most important finding. Here the empty answer of a router that says "Connected" is passed on as such, after
 * the web-admin fallback (which may know the real address) had its chance.
 */
final class DoctorRouter implements Router {
    private final Router delegate;
    private final Optional<PortControl> portControl;
    private String described;

    DoctorRouter(Router delegate) {
        this(delegate, Optional.empty());
    }

    /** @param portControl the default gateway, asked whether it also answers PCP and NAT-PMP */
    DoctorRouter(Router delegate, Optional<PortControl> portControl) {
        this.delegate = delegate;
        this.portControl = portControl;
    }

    /** The router doctor wraps (double-NAT checks need the UPnP router itself). */
    Router delegate() {
        return delegate;
    }

    /** The router, and which of UPnP, PCP and NAT-PMP the default gateway answers (asked once, 2 s each at most). */
    @Override
    public synchronized String describe() {
        if (described != null) return described;
        described = delegate.describe();
        if (portControl.isPresent()) {
            Router active = RouterConnector.unwrap(delegate);
            String upnp = active instanceof UpnpRouter ? "yes" : "no";
            String pcp = portControl.get().probePcp().answers() ? "yes" : "no";
            String natpmp = portControl.get().probeNatPmp().answers() ? "yes" : "no";
            described += " (gateway " + portControl.get().gateway() + ": UPnP " + upnp + ", PCP " + pcp + ", NAT-PMP " + natpmp + ")";
        }
        return described;
    }

    @Override
    public String externalAddress() {
        try {
            return delegate.externalAddress();
        } catch (HomeportException e) {
            Optional<UpnpRouter> upnp = delegate instanceof UpnpRouter u ? Optional.of(u)
                    : delegate instanceof FallbackRouter f && f.active() instanceof UpnpRouter u ? Optional.of(u) : Optional.empty();
            if (upnp.isPresent() && hidesAddress(upnp.get())) return "";
            throw e;
        }
    }

    /** True when the router answers GetExternalIPAddress without an address while its WAN connection is up. */
    private static boolean hidesAddress(UpnpRouter u) {
        try {
            u.externalAddress();
            return false;
        } catch (UpnpException e) {
            if (e.code().isPresent() || e.httpStatus().isPresent() || e.connectionFailed()) return false;
            try {
                return u.status().connectionStatus().strip().equalsIgnoreCase("Connected");
            } catch (UpnpException s) {
                return false;
            }
        }
    }

    @Override
    public List<PortMapping> list() {
        return delegate.list();
    }

    @Override
    public Optional<PortMapping> find(int externalPort, Protocol protocol) {
        return delegate.find(externalPort, protocol);
    }

    @Override
    public AddResult add(PortMapping wanted) {
        throw new UnsupportedOperationException("doctor never changes the router");
    }

    @Override
    public RemoveResult remove(int externalPort, Protocol protocol, String internalClient) {
        throw new UnsupportedOperationException("doctor never changes the router");
    }
}
