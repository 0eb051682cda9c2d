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

    /**
     * One way to the router: its name for messages ("UPnP"), how to connect, and whether it is worth trying after the
     * one before refused a request (the web admin can do what UPnP refuses; PCP and NAT-PMP, served by the same
     * daemon, would refuse it too).
     */
    record Step(String name, Supplier<Router> connect, boolean afterRefusal) {
        Step(String name, Supplier<Router> connect) {
            this(name, connect, true);
        }
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
        try {
            active = this.steps.get(0).connect().get();
        } catch (HomeportException e) {
            moveOn(0, e, false);
        }
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
                moveOn(index, e, e.kind() == Kind.ROUTER_REFUSED);
            }
        }
    }

    /**
     * Step {@code failed} failed with {@code failure}: connects to the next step that may follow, or throws.
     *
     * @param refusedRequest the failure is a refusal of a real request (not of connecting)
     */
    private void moveOn(int failed, HomeportException failure, boolean refusedRequest) {
        HomeportException last = failure;
        int lastStep = failed;
        boolean skipSame = refusedRequest;
        for (int i = failed + 1; i < steps.size(); i++) {
            if (last.kind() != Kind.NO_ROUTER && last.kind() != Kind.ROUTER_REFUSED) throw last;
            Step next = steps.get(i);
            if (skipSame && !next.afterRefusal()) {
                LOG.info("{} not tried: {} refused the request, and {} on the same router would too", next.name(),
                        steps.get(lastStep).name(), next.name());
                continue;
            }
            if (first == null) first = last;
            String reason = steps.get(lastStep).name() + (last.kind() == Kind.NO_ROUTER ? " did not answer" : " refused")
                    + " (" + last.getMessage() + ")";
            reasons.add(reason);
            LOG.info("{}; trying {}", reason, next.name());
            try {
                active = next.connect().get();
                index = i;
                announce();
                return;
            } catch (HomeportException e) {
                last = e;
                lastStep = i;
                skipSame = false;
            }
        }
        throw exhausted(last, lastStep);
    }

    /**
     * Nothing left. Alone, the failure speaks for itself. When the web admin was the last hope its failure is the
     * specific one (a missing password); otherwise the first (UPnP's) kind and hint, with every step's reason.
     */
    private HomeportException exhausted(HomeportException last, int lastStep) {
        if (first == null || reasons.isEmpty()) return last;
        String lastName = steps.get(lastStep).name();
        boolean webLast = lastName.equals(WEB);
        Kind kind = webLast && last.kind() != Kind.USAGE ? last.kind() : first.kind();
        String hint = webLast ? last.hint().orElse(first.hint().orElse(null)) : first.hint().orElse(last.hint().orElse(null));
        String message = String.join("; ", reasons) + "; and " + lastName + " failed too: " + last.getMessage();
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
