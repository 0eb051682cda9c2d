package dev.homeport.doublenat;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * homeport's mappings on one outer router, kept in step with the {@link OuterLedger}: what is added is recorded,
 * only what is recorded (for this router, with the description on the router) is ever removed, and what the ledger
 * holds for the forwards still wanted is put back after the outer router lost it. Every outer mapping forwards
 * {@code external P -> inner router's WAN address:P}.
 */
public final class OuterKeeper {

    /** What keeping, pruning or removing one mapping did. */
    public enum Action { ADDED, KEPT, RESTORED, RENEWED, MOVED, CONFLICT, REMOVED, FAILED }

    /**
     * One thing done (or found) on the outer router.
     *
     * @param action  what happened
     * @param mapping the mapping concerned (for CONFLICT: the other's, on the router)
     * @param detail  the error for FAILED, else empty
     */
    public record Step(Action action, PortMapping mapping, String detail) {
        public Step {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(mapping, "mapping");
            detail = detail == null ? "" : detail;
        }

        /** True for a step that changed the router. */
        public boolean changed() {
            return action == Action.ADDED || action == Action.RESTORED || action == Action.RENEWED || action == Action.MOVED
                    || action == Action.REMOVED;
        }
    }

    private final Router outer;
    private final String host;
    private final String udn;
    private final String innerWan;
    private final OuterLedger ledger;

    /**
     * @param outer    the outer router
     * @param host     its LAN address
     * @param udn      its UDN (may be empty)
     * @param innerWan the inner router's address on the outer's LAN: every outer mapping's internal client
     */
    public OuterKeeper(Router outer, String host, String udn, String innerWan, OuterLedger ledger) {
        this.outer = Objects.requireNonNull(outer, "outer");
        this.host = Objects.requireNonNull(host, "host");
        this.udn = udn == null ? "" : udn;
        this.innerWan = Objects.requireNonNull(innerWan, "innerWan");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    public String innerWan() {
        return innerWan;
    }

    /** The outer mapping that goes with an inner mapping of external port {@code external}. */
    public PortMapping outerFor(int external, Protocol protocol, String description, long leaseSeconds) {
        return PortMapping.of(external, protocol, innerWan, external, description, leaseSeconds);
    }

    /**
     * Adds (or renews) the outer mapping of {@code external}/{@code protocol} and records it, unless someone else holds
     * the port.
     *
     * @throws HomeportException when the outer router refuses
     */
    public AddResult add(int external, Protocol protocol, String description, long leaseSeconds) {
        PortMapping wanted = outerFor(external, protocol, description, leaseSeconds);
        AddResult r = outer.add(wanted);
        if (!(r instanceof AddResult.Conflict)) record(wanted);
        return r;
    }

    /**
     * Removes homeport's outer mapping of {@code external}/{@code protocol}: only when the ledger records it for this
     * router and the router holds exactly that mapping (target and description). A mapping it does not record is
     * {@link RemoveResult.NotOwned}, however it is described. The record goes once the mapping is gone.
     *
     * @throws HomeportException when the outer router cannot be asked or refuses
     */
    public RemoveResult remove(int external, Protocol protocol) {
        Optional<OuterLedger.Entry> recorded = ledger.get(external, protocol).filter(e -> e.onRouter(host, udn));
        Optional<PortMapping> there = outer.find(external, protocol);
        if (there.isEmpty()) {
            recorded.ifPresent(e -> ledger.forget(external, protocol));
            return new RemoveResult.Absent();
        }
        if (recorded.isEmpty() || !recorded.get().describes(there.get())) return new RemoveResult.NotOwned(there.get());
        RemoveResult r = outer.remove(external, protocol, there.get().internalClient());
        if (!(r instanceof RemoveResult.NotOwned)) ledger.forget(external, protocol);
        return r;
    }

    /**
     * Makes the outer router forward each of {@code wanted} (inner-side mappings; their external port, protocol,
     * description and lease are used) to the inner router's WAN address: RESTORED when the ledger recorded it (the
     * outer router lost it), ADDED when not. A mapping the ledger records for an older inner WAN address is moved.
     * Never fails: a refusal is a {@link Action#FAILED} step.
     *
     * @param renewAlways true (reassert, from a timer): send every mapping, which renews its lease; false (watch, every
     *                    check): only what is missing, wrong, or has less than half its lease left
     */
    public List<Step> keep(List<PortMapping> wanted, boolean renewAlways) {
        List<Step> steps = new ArrayList<>();
        for (PortMapping w : wanted) {
            PortMapping o = outerFor(w.externalPort(), w.protocol(), w.description(), w.leaseSeconds());
            try {
                steps.add(keepOne(o, renewAlways));
            } catch (HomeportException e) {
                steps.add(new Step(Action.FAILED, o, e.getMessage()));
            }
        }
        return steps;
    }

    private Step keepOne(PortMapping o, boolean renewAlways) {
        Optional<PortMapping> there = outer.find(o.externalPort(), o.protocol());
        if (there.isPresent() && !renewAlways && there.get().sameTarget(o) && there.get().description().equals(o.description())
                && !halfGone(there.get(), o)) {
            record(o);
            return new Step(Action.KEPT, there.get(), "");
        }
        boolean moved = false;
        Optional<OuterLedger.Entry> rec = ledger.get(o.externalPort(), o.protocol()).filter(e -> e.onRouter(host, udn));
        if (there.isPresent() && !there.get().sameTarget(o)) {
            // The inner router got another address from the ISP box: our own old mapping goes, nobody else's.
            if (rec.isEmpty() || !rec.get().describes(there.get())) return new Step(Action.CONFLICT, there.get(), "");
            outer.remove(o.externalPort(), o.protocol(), there.get().internalClient());
            moved = true;
        }
        AddResult r = outer.add(o);
        if (r instanceof AddResult.Conflict c) return new Step(Action.CONFLICT, c.mapping(), "");
        record(o);
        Action a = moved ? Action.MOVED : there.isEmpty() ? (rec.isPresent() ? Action.RESTORED : Action.ADDED)
                : renewAlways ? Action.KEPT : Action.RENEWED;
        return new Step(a, r.mapping(), "");
    }

    /**
     * Removes the outer mappings the ledger records for this router whose key ({@code 888/tcp}) is not in
     * {@code wantedKeys}: the forward was removed from the config or unforwarded without the outer router at hand.
     * Only a mapping the router holds exactly as recorded is removed; the others are just forgotten when gone.
     */
    public List<Step> prune(Set<String> wantedKeys) {
        List<Step> steps = new ArrayList<>();
        for (OuterLedger.Entry e : ledger.read().values()) {
            if (wantedKeys.contains(e.key()) || !e.onRouter(host, udn)) continue;
            try {
                RemoveResult r = remove(e.externalPort(), e.protocol());
                if (r instanceof RemoveResult.Removed removed) steps.add(new Step(Action.REMOVED, removed.mapping(), ""));
            } catch (HomeportException ex) {
                steps.add(new Step(Action.FAILED, e.mapping(), ex.getMessage()));
            }
        }
        return steps;
    }

    /** True when a lease of {@code there} is running and less than half of what {@code wanted} asks is left. */
    private static boolean halfGone(PortMapping there, PortMapping wanted) {
        return wanted.leaseSeconds() > 0 && there.leaseSeconds() > 0 && there.leaseSeconds() < wanted.leaseSeconds() / 2;
    }

    private void record(PortMapping o) {
        ledger.remember(OuterLedger.Entry.of(o, o.leaseSeconds(), host, udn));
    }
}
