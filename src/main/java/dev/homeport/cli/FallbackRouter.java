package dev.homeport.cli;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code --via auto}: UPnP first; when no gateway answers (NO_ROUTER) or it refuses (ROUTER_REFUSED), the router's
 * web admin, saying so on stderr (unless quiet). Once fallen back, it stays on the web admin for the rest of the run.
 */
final class FallbackRouter implements Router {
    private final Supplier<Router> upnp;
    private final Supplier<Router> web;
    private final PrintWriter err;
    private final boolean quiet;
    private Router primary;
    private Router fallback;

    FallbackRouter(Supplier<Router> upnp, Supplier<Router> web, PrintWriter err, boolean quiet) {
        this.upnp = upnp;
        this.web = web;
        this.err = err;
        this.quiet = quiet;
        try {
            primary = upnp.get();
        } catch (HomeportException e) {
            fallBack(e);
        }
    }

    /** The router in use now: UPnP, or the web admin after a fallback. */
    Router active() {
        return fallback != null ? fallback : primary;
    }

    private <T> T call(Function<Router, T> op) {
        if (fallback != null) return op.apply(fallback);
        try {
            return op.apply(primary);
        } catch (HomeportException e) {
            fallBack(e);
            return op.apply(fallback);
        }
    }

    private void fallBack(HomeportException e) {
        if (e.kind() != Kind.NO_ROUTER && e.kind() != Kind.ROUTER_REFUSED) throw e;
        try {
            fallback = web.get();
        } catch (HomeportException w) {
            Kind kind = w.kind() == Kind.USAGE ? e.kind() : w.kind();
            throw new HomeportException(kind, "UPnP failed (" + e.getMessage() + ") and the web-admin fallback too: "
                    + w.getMessage(), w.hint().orElse(e.hint().orElse(null)), w);
        }
        if (!quiet) {
            err.println("homeport: UPnP " + (e.kind() == Kind.NO_ROUTER ? "did not answer" : "refused") + " (" + e.getMessage()
                    + "); falling back to " + fallback.describe());
            err.flush();
        }
    }

    @Override
    public String describe() {
        return active().describe();
    }

    @Override
    public String externalAddress() {
        return call(Router::externalAddress);
    }

    @Override
    public List<PortMapping> list() {
        return call(Router::list);
    }

    @Override
    public Optional<PortMapping> find(int externalPort, Protocol protocol) {
        return call(r -> r.find(externalPort, protocol));
    }

    @Override
    public AddResult add(PortMapping wanted) {
        return call(r -> r.add(wanted));
    }

    @Override
    public RemoveResult remove(int externalPort, Protocol protocol, String internalClient) {
        return call(r -> r.remove(externalPort, protocol, internalClient));
    }
}
