package dev.homeport.cli;

import dev.homeport.core.PortMapping;
import dev.homeport.core.Router;
import dev.homeport.doublenat.OuterKeeper;
import dev.homeport.reassert.Plan;
import dev.homeport.state.StateStore;
import dev.homeport.upnp.UpnpRouter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * watch's half behind a double NAT (docs/double-nat.md): at every check, the outer router (ISP box) must forward the
 * ports of the forwards to this host to the inner router's WAN address. The outer router is looked for once and
 * reused; it is looked for again after a failure, when the inner router's connection is dropped, or while it cannot
 * be driven (its UPnP may be switched on later). Only what is missing, wrong or half-expired is sent, so a check that
 * finds all in place costs one GetSpecificPortMappingEntry per port. The outer router's announcements never cross the
 * inner router, so an outer restart is noticed at the next check (the interval, or sooner after a failure).
 */
final class WatchOuter {
    private final OuterForward outerForward;
    private final PrintWriter out;
    private final BooleanSupplier enabled;
    private final boolean prune;
    private Optional<OuterForward.Found> found = Optional.empty();
    private boolean looked;

    WatchOuter(Services services, StateStore store, PrintWriter out, BooleanSupplier enabled, boolean prune) {
        this.outerForward = new OuterForward(services, store);
        this.out = out;
        this.enabled = enabled;
        this.prune = prune;
    }

    /** Looks for the outer router again at the next check. */
    void forget() {
        looked = false;
        found = Optional.empty();
    }

    /**
     * Keeps the outer mappings of {@code plan}; prints a line per change, adds what went wrong to {@code problems}.
     *
     * @return what was done (FAILED steps make the watch loop retry sooner)
     */
    List<OuterKeeper.Step> keep(Router inner, Plan plan, Map<String, Optional<String>> problems) {
        Optional<UpnpRouter> upnp = OuterForward.upnpOf(inner);
        if (!enabled.getAsBoolean() || upnp.isEmpty()) return List.of();
        List<PortMapping> wanted = OuterForward.toThisHost(plan);
        if (wanted.isEmpty() && outerForward.ledger().read().isEmpty()) return List.of();
        if (!looked) {
            found = outerForward.locate(upnp.get());
            looked = true;
        }
        if (found.isEmpty()) return List.of();
        OuterForward.Found f = found.get();
        if (!f.drivable()) {
            looked = false;
            if (!wanted.isEmpty()) {
                problems.put(OuterForward.cannotDrive(f, wanted), Optional.of("open them in the outer router's"
                        + " port-forwarding page, or enable UPnP on it"));
            }
            return List.of();
        }
        OuterKeeper keeper = outerForward.keeper(f);
        List<OuterKeeper.Step> steps = new ArrayList<>(keeper.keep(wanted, false));
        if (prune) steps.addAll(keeper.prune(OuterForward.keys(plan)));
        String via = f.outer().get().describe();
        for (OuterKeeper.Step s : steps) {
            String line = OuterForward.line(s, keeper.innerWan(), via);
            if (s.action() == OuterKeeper.Action.FAILED) {
                looked = false;
                problems.put(line, Optional.empty());
            } else if (s.action() == OuterKeeper.Action.CONFLICT) {
                problems.put(line, Optional.of("free the port on the outer router, or forward another external port"));
            } else if (s.changed()) {
                out.println(line);
            }
        }
        return steps;
    }
}
