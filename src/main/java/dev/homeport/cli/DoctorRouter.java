package dev.homeport.cli;

import dev.homeport.core.AddResult;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import dev.homeport.upnp.UpnpException;
import dev.homeport.upnp.UpnpRouter;
import java.util.List;
import java.util.Optional;

/**
 * The router as doctor asks it. miniupnpd answers GetExternalIPAddress with an empty string while its WAN connection
 * is up when that address is private or carrier-grade NAT; UpnpRouter turns that into a refusal, which would hide
 * the most important finding. Here the empty answer of a router that says "Connected" is passed on as such.
 */
final class DoctorRouter implements Router {
    private final Router delegate;

    DoctorRouter(Router delegate) {
        this.delegate = delegate;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public String externalAddress() {
        try {
            return delegate.externalAddress();
        } catch (UpnpException e) {
            boolean answeredWithoutAddress = e.code().isEmpty() && e.httpStatus().isEmpty() && !e.connectionFailed();
            if (answeredWithoutAddress && delegate instanceof UpnpRouter u && connected(u)) return "";
            throw e;
        }
    }

    private static boolean connected(UpnpRouter u) {
        try {
            return u.status().connectionStatus().strip().equalsIgnoreCase("Connected");
        } catch (UpnpException e) {
            return false;
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
