package dev.homeport.cli;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --via auto}: the ways to the router in order (UPnP, PCP, NAT-PMP, the web admin); when one does not answer
 * (NO_ROUTER) or refuses (ROUTER_REFUSED), the next, each move logged with its reason (seen with {@code -v}) and the
 * fallback finally taken said on stderr (unless quiet). Once moved on, it stays there for the rest of the run.
 */
final class FallbackRouter implements Router {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackRouter.class);

    /** The name of the web-admin step, whose failure is reported as the specific one. */
    static final String WEB = "the web admin";

    /** One way to the router: its name for messages ("UPnP") and how to connect. */
    record Step(String name, Supplier<Router> connect) {
    }

    private final List<Step> steps;
    private final PrintWriter err;
    private final boolean quiet;
    private final List<String> reasons = new ArrayList<>();
    private HomeportException first;
    private int index;
    private Router active;

    FallbackRouter(Supplier<Router> upnp, Supplier<Router> web, PrintWriter err, boolean quiet) {
        this(List.of(new Step("UPnP", upnp), new Step(WEB, web)), err, quiet);
    }

    FallbackRouter(List<Step> steps, PrintWriter err, boolean quiet) {
        if (steps.isEmpty()) throw new IllegalArgumentException("steps must not be empty");
        this.steps = List.copyOf(steps);
        this.err = err;
        this.quiet = quiet;
        connectFrom(0, Optional.empty());
    }

    /** The router in use now. */
    Router active() {
        return active;
    }

    private <T> T call(Function<Router, T> op) {
        while (true) {
            try {
                return op.apply(active);
            } catch (HomeportException e) {
                connectFrom(index + 1, Optional.of(e));
            }
        }
    }

    /** Connects to step {@code from} or a later one, after {@code failure} of the one before (if any). */
    private void connectFrom(int from, Optional<HomeportException> failure) {
        Optional<HomeportException> last = failure;
        for (int i = from; ; i++) {
            if (last.isPresent()) {
                HomeportException e = last.get();
                if (first == null) first = e;
                if (e.kind() != Kind.NO_ROUTER && e.kind() != Kind.ROUTER_REFUSED) throw e;
                String reason = steps.get(i - 1).name() + (e.kind() == Kind.NO_ROUTER ? " did not answer" : " refused")
                        + " (" + e.getMessage() + ")";
                if (i >= steps.size()) throw exhausted(e);
                reasons.add(reason);
                LOG.info("{}; trying {}", reason, steps.get(i).name());
            }
            try {
                active = steps.get(i).connect().get();
                index = i;
                if (i > 0) announce();
                return;
            } catch (HomeportException e) {
                last = Optional.of(e);
            }
        }
    }

    /**
     * All failed. When the web admin was the last hope its failure is the specific one (a missing password); otherwise
     * the first (UPnP's) kind and hint, with every step's reason in the message.
     */
    private HomeportException exhausted(HomeportException last) {
        if (reasons.isEmpty()) return last;
        boolean webLast = steps.get(steps.size() - 1).name().equals(WEB);
        Kind kind = webLast && last.kind() != Kind.USAGE ? last.kind() : first.kind();
        String hint = webLast ? last.hint().orElse(first.hint().orElse(null)) : first.hint().orElse(last.hint().orElse(null));
        String message = String.join("; ", reasons) + "; and " + steps.get(steps.size() - 1).name() + " failed too: " + last.getMessage();
        return new HomeportException(kind, message, hint, last);
    }

    private void announce() {
        if (quiet) return;
        err.println("homeport: " + String.join("; ", reasons) + "; falling back to " + active.describe());
        err.flush();
    }

    @Override
    public String describe() {
        return active.describe();
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
