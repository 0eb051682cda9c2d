package dev.homeport.reassert;

import dev.homeport.config.Config;
import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.PortMapping;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import dev.homeport.state.StateStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes the router's table and dynamic DNS match a {@link Plan}. Idempotent: a second run right after the first
 * finds nothing to do. Reads the table once, decides, then changes only what differs:
 * <ul>
 *   <li>missing: added; ours with less than half of its lease left: renewed; ours pointing at the wrong host or
 *       port (this host's address or a {@code to:} changed): replaced;</li>
 *   <li>held by someone else (another program, or another host's homeport): reported as a conflict, untouched;</li>
 *   <li>ours only by its name: renamed;</li>
 *   <li>recorded as made by reassert for the config and no longer planned: removed, unless pruning is off. A forward
 *       made by hand ({@link ManualForwards}) is planned until {@code unforward} forgets it, so it is kept alive;</li>
 *   <li>then dynamic DNS gets the router's external address (its own rules decide whether to send).</li>
 * </ul>
 * Mappings other programs made, and mappings pointing at other hosts that this host did not make, are never changed.
 */
public final class Reconciler {
    /** IGD:2's longest lease, the reference for "half left" when a permanent mapping was asked for but leased. */
    static final long IGD_MAX_LEASE = 604_800;

    private final Router router;
    private final Optional<DnsUpdater> dns;
    private final Ledger ledger;

    /**
     * @param router the connected router
     * @param dns    dynamic DNS, when the config has a {@code ddns:} section
     * @param state  where reassert remembers what it manages
     */
    public Reconciler(Router router, Optional<DnsUpdater> dns, StateStore state) {
        this.router = Objects.requireNonNull(router, "router");
        this.dns = Objects.requireNonNull(dns, "dns");
        this.ledger = new Ledger(Objects.requireNonNull(state, "state"));
    }

    /**
     * True when there is nothing reassert keeps: no mapping recorded as made for the config, no forward made by hand.
     * With a blank config (the installed example) that means a run has nothing to do and need not ask the router.
     */
    public static boolean nothingToKeep(StateStore state) {
        return new Ledger(state).read().isEmpty() && new ManualForwards(state).isEmpty();
    }

    /**
     * True when {@code config} asks for dynamic DNS only and no router is needed for it: no forwards, none made by
     * hand or by an earlier config to keep (or prune), and the address from an IP-echo URL ({@code ip-source: url}).
     */
    public static boolean isDnsOnly(Config config, StateStore state) {
        return config.forwards().isEmpty() && config.ddns().map(d -> !d.ipSource().equals("router")).orElse(false)
                && nothingToKeep(state);
    }

    /**
     * Dynamic DNS alone, asking no router: for a config that forwards nothing (and no forward to keep) whose public
     * address comes from an IP-echo URL ({@code ip-source: url}). A home whose router is opened by hand keeps its DNS
     * from the same timer.
     *
     * @param dryRun send nothing, store nothing; report what would be done
     */
    public static Report dnsOnly(DnsUpdater dns, boolean dryRun) {
        DnsResult r = dns.update(() -> {
            throw new HomeportException(HomeportException.Kind.NO_ROUTER, "no router is asked when the config forwards nothing"
                    + " and the address comes from ip-url", "set 'ip-source: router' in the ddns section to take it from the router");
        }, dryRun);
        return new Report(dryRun, "none (the config forwards nothing)", "", r.address(),
                List.of(Messages.dns(r, String.join(", ", dns.hostnames()))));
    }

    /**
     * Reconciles once.
     *
     * @param dryRun change nothing (router, DNS, state); report what would be done
     * @param prune  remove homeport's mappings to this host that the plan no longer has
     * @throws HomeportException (NO_ROUTER) when the router cannot be asked; refusals of single changes are steps
     */
    public Report run(Plan plan, boolean dryRun, boolean prune) {
        List<PortMapping> table = router.list();
        Map<String, Ledger.Entry> known = ledger.read();
        List<Todo> todos = decide(plan, table, known, prune);
        List<Step> steps = new ArrayList<>();
        Map<String, Ledger.Entry> after = new TreeMap<>();
        boolean anyChange = todos.stream().anyMatch(t -> t.kind != Todo.Kind.CHECK);
        if (anyChange && !dryRun) {
            Map<String, Ledger.Entry> intent = new TreeMap<>(known);
            todos.stream().filter(t -> t.kind == Todo.Kind.ADD)
                    .forEach(t -> intent.putIfAbsent(t.key(), Ledger.Entry.of(t.wanted.orElseThrow().mapping(), 0)));
            ledger.writeIfChanged(known, intent);
            known = intent;
        }
        for (Todo t : todos) {
            steps.add(apply(t, dryRun, known, after));
        }
        if (!dryRun) ledger.writeIfChanged(known, after);
        Optional<String> external = Optional.empty();
        if (dns.isPresent()) {
            DnsResult r = dns.get().update(router::externalAddress, dryRun);
            external = r.address();
            steps.add(Messages.dns(r, String.join(", ", dns.get().hostnames())));
        }
        return new Report(dryRun, router.describe(), plan.thisHost(), external, steps);
    }

    private List<Todo> decide(Plan plan, List<PortMapping> table, Map<String, Ledger.Entry> known, boolean prune) {
        List<Todo> out = new ArrayList<>();
        Set<String> planned = new HashSet<>();
        for (Plan.Wanted w : plan.wanted()) {
            planned.add(w.mapping().key());
            out.add(decide(plan, w, find(table, w.mapping()), Optional.ofNullable(known.get(w.mapping().key()))));
        }
        Set<String> seen = new HashSet<>();
        for (PortMapping m : table) {
            if (planned.contains(m.key()) || !m.ownedByHomeport() || !seen.add(m.key() + " " + m.internalClient())) continue;
            // Only what reassert put there for the config is pruned: a forward made by hand is either planned (kept
            // alive) or, when made under another state directory, unknown here, and left alone.
            Ledger.Entry entry = known.get(m.key());
            if (entry != null && entry.matches(m)) {
                out.add(new Todo(prune ? Todo.Kind.REMOVE : Todo.Kind.CHECK, Optional.empty(), Optional.of(m),
                        prune ? Step.Action.REMOVED : Step.Action.KEPT));
            }
        }
        return out;
    }

    private static Todo decide(Plan plan, Plan.Wanted w, Optional<PortMapping> found, Optional<Ledger.Entry> entry) {
        PortMapping want = w.mapping();
        if (found.isEmpty()) return new Todo(Todo.Kind.ADD, Optional.of(w), found, Step.Action.ADDED);
        PortMapping m = found.get();
        if (!m.ownedByHomeport()) {
            Step.Action a = m.sameTarget(want) && m.enabled() ? Step.Action.UNMANAGED : Step.Action.CONFLICT;
            return new Todo(Todo.Kind.CHECK, Optional.of(w), found, a);
        }
        boolean ours = m.internalClient().equals(plan.thisHost()) || m.sameTarget(want)
                || entry.map(e -> e.matches(m)).orElse(false);
        if (!ours) return new Todo(Todo.Kind.CHECK, Optional.of(w), found, Step.Action.CONFLICT);
        if (!m.sameTarget(want) || !m.enabled()) return new Todo(Todo.Kind.FIX, Optional.of(w), found, Step.Action.FIXED);
        if (!m.description().equals(want.description())) {
            return new Todo(Todo.Kind.FIX, Optional.of(w), found, Step.Action.RENAMED);
        }
        long reference = want.leaseSeconds() == 0 ? IGD_MAX_LEASE : want.leaseSeconds();
        long granted = entry.filter(e -> e.matches(m)).map(Ledger.Entry::grantedLease).orElse(0L);
        if (granted > 0) reference = Math.min(reference, granted);
        if (m.leaseSeconds() > 0 && m.leaseSeconds() * 2 < reference) {
            return new Todo(Todo.Kind.RENEW, Optional.of(w), found, Step.Action.RENEWED);
        }
        return new Todo(Todo.Kind.CHECK, Optional.of(w), found, Step.Action.OK);
    }

    /** The table's entry for the same external port and protocol, preferring one without a remote-host filter. */
    private static Optional<PortMapping> find(List<PortMapping> table, PortMapping want) {
        return table.stream().filter(m -> m.externalPort() == want.externalPort() && m.protocol() == want.protocol())
                .min((a, b) -> Boolean.compare(!a.remoteHost().isEmpty(), !b.remoteHost().isEmpty()));
    }

    private Step apply(Todo t, boolean dryRun, Map<String, Ledger.Entry> known, Map<String, Ledger.Entry> after) {
        Messages say = new Messages(dryRun);
        Optional<Ledger.Entry> entry = Optional.ofNullable(known.get(t.key()));
        PortMapping existing = t.existing.orElse(null);
        if (t.kind == Todo.Kind.CHECK) {
            if (t.action == Step.Action.OK) {
                after.put(t.key(), Ledger.Entry.of(existing, entry.filter(e -> e.matches(existing))
                        .map(Ledger.Entry::grantedLease).orElse(0L)));
            } else if (t.action == Step.Action.KEPT) {
                after.put(t.key(), entry.filter(e -> e.matches(existing)).orElse(Ledger.Entry.of(existing, 0)));
            }
            return say.check(t.action, t.name(), existing, t.wanted.map(Plan.Wanted::mapping));
        }
        try {
            if (dryRun) return say.change(t.action, t.name(), t.wanted.map(Plan.Wanted::mapping), t.existing);
            return switch (t.kind) {
                case ADD, RENEW -> add(t, say, after);
                case FIX -> fix(t, say, after);
                case REMOVE -> remove(t, say, entry, after);
                default -> throw new IllegalStateException("unexpected " + t.kind);
            };
        } catch (HomeportException e) {
            if (e.kind() == Kind.NO_ROUTER) throw e;
            if (existing != null && entry.map(x -> x.matches(existing)).orElse(false)) after.put(t.key(), entry.get());
            return say.failed(t.action, t.key(), t.name(), e);
        }
    }

    private Step add(Todo t, Messages say, Map<String, Ledger.Entry> after) {
        PortMapping want = t.wanted.orElseThrow().mapping();
        AddResult r = router.add(want);
        if (r instanceof AddResult.Conflict c) return say.check(Step.Action.CONFLICT, t.name(), c.mapping(), Optional.of(want));
        after.put(t.key(), Ledger.Entry.of(want, r.mapping().leaseSeconds()));
        Step s = say.change(t.action, t.name(), Optional.of(r.mapping()), t.existing);
        if (r instanceof AddResult.Unverified u) {
            return new Step(s.action(), s.subject(), s.name(), s.message() + " unverified: " + u.reason(), s.hint(), s.problem());
        }
        return s;
    }

    private Step fix(Todo t, Messages say, Map<String, Ledger.Entry> after) {
        PortMapping old = t.existing.orElseThrow();
        RemoveResult removed;
        try {
            removed = router.remove(old.externalPort(), old.protocol(), old.internalClient());
        } catch (HomeportException e) {
            String to = t.wanted.orElseThrow().mapping().internalClient();
            if (e.kind() == Kind.NO_ROUTER || old.internalClient().equals(to)) throw e;
            // Routers in secure mode let only the mapped host change its mapping: after a DHCP change, not this one.
            throw new HomeportException(e.kind(), e.getMessage(), "the router lets only " + old.internalClient()
                    + " change this mapping: remove it in the router's admin page or wait until its lease runs out ("
                    + Messages.left(old) + "); reserving one address for this host in the router's DHCP settings"
                    + " prevents this", e);
        }
        if (removed instanceof RemoveResult.NotOwned n) {
            return say.check(Step.Action.CONFLICT, t.name(), n.mapping(), t.wanted.map(Plan.Wanted::mapping));
        }
        return add(t, say, after);
    }

    private Step remove(Todo t, Messages say, Optional<Ledger.Entry> entry, Map<String, Ledger.Entry> after) {
        PortMapping old = t.existing.orElseThrow();
        RemoveResult r = router.remove(old.externalPort(), old.protocol(), old.internalClient());
        if (r instanceof RemoveResult.NotOwned n) {
            entry.filter(e -> e.matches(old)).ifPresent(e -> after.put(t.key(), e));
            return say.check(Step.Action.KEPT, t.name(), n.mapping(), Optional.empty());
        }
        return say.change(Step.Action.REMOVED, t.name(), Optional.empty(), Optional.of(old));
    }

    /** One decision about one mapping, made before anything is changed. */
    private record Todo(Kind kind, Optional<Plan.Wanted> wanted, Optional<PortMapping> existing, Step.Action action) {
        enum Kind { CHECK, ADD, RENEW, FIX, REMOVE }

        String key() {
            return wanted.map(w -> w.mapping().key()).orElseGet(() -> existing.orElseThrow().key());
        }

        String name() {
            return wanted.map(Plan.Wanted::name).orElseGet(() -> existing.orElseThrow().description());
        }
    }
}
