package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Router;
import dev.homeport.doublenat.OuterKeeper;
import dev.homeport.reassert.Plan;
import dev.homeport.state.StateStore;
import dev.homeport.upnp.UpnpRouter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * watch's half behind a double NAT (docs/double-nat.md): at every check, the outer router (ISP box) must forward the
 * ports of the forwards to this host to the inner router's WAN address. The outer router is looked for once and
 * reused; it is looked for again after a failure, when the inner router's connection is dropped, or while it cannot
 * be driven (its UPnP may be switched on later). Only what is missing, wrong or half-expired is sent, so a check that
 * finds all in place costs one GetSpecificPortMappingEntry per port. The outer router's announcements never cross the
 * inner router, so between checks {@link #lost} asks it every {@link #POLL} whether it still holds what was in place
 * (one read per port): an ISP box that restarted is noticed within that time, not only at the next check.
 */
final class WatchOuter {
    /** How often the outer router is asked between checks. */
    static final Duration POLL = Duration.ofSeconds(15);

    /** What the poll reads between checks: the outer router and the mappings in place on it at the last check. */
    private record Snapshot(UpnpRouter outer, List<PortMapping> inPlace) {
    }

    private volatile Optional<Snapshot> snapshot = Optional.empty();
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
        snapshot = Optional.empty();
    }

    /**
     * Called by the poll thread: whether the outer router lost a mapping that was in place at the last check. Only
     * reads; a router that does not answer says nothing (the next check or poll sees it).
     *
     * @return the reason to reconcile now, or empty
     */
    Optional<String> lost() {
        Optional<Snapshot> s = snapshot;
        if (s.isEmpty()) return Optional.empty();
        for (PortMapping m : s.get().inPlace()) {
            try {
                Optional<PortMapping> there = s.get().outer().find(m.externalPort(), m.protocol());
                if (there.isEmpty() || !there.get().sameTarget(m)) {
                    return Optional.of("the outer router (ISP box) lost " + m.key() + " (asked every " + POLL.toSeconds() + " s)");
                }
            } catch (HomeportException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
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
        snapshot = Optional.empty();
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
        List<PortMapping> inPlace = new ArrayList<>();
        for (OuterKeeper.Step s : steps) {
            if (IN_PLACE.contains(s.action())) inPlace.add(s.mapping());
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
        if (looked) snapshot = Optional.of(new Snapshot(f.outer().get(), List.copyOf(inPlace)));
        return steps;
    }

    private static final Set<OuterKeeper.Action> IN_PLACE = EnumSet.of(OuterKeeper.Action.ADDED, OuterKeeper.Action.KEPT,
            OuterKeeper.Action.RESTORED, OuterKeeper.Action.RENEWED, OuterKeeper.Action.MOVED);
}
