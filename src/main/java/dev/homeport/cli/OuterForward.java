package dev.homeport.cli;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.Lease;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import dev.homeport.doublenat.Detection;
import dev.homeport.doublenat.DoubleNat;
import dev.homeport.doublenat.DoubleNatDetector;
import dev.homeport.doublenat.HopProbe;
import dev.homeport.doublenat.OuterKeeper;
import dev.homeport.doublenat.OuterLedger;
import dev.homeport.doublenat.PingProbe;
import dev.homeport.doublenat.SingleNatMemo;
import dev.homeport.reassert.Plan;
import dev.homeport.state.StateStore;
import dev.homeport.upnp.UnicastSearch;
import dev.homeport.upnp.Upnp;
import dev.homeport.upnp.UpnpRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The outer half of {@code forward} behind a double NAT (docs/double-nat.md): detect a second router, find it by
 * unicast SSDP, and map {@code outer ext P -> inner router's WAN address:P}, recorded in the {@link OuterLedger}. Only for
 * an inner router driven by UPnP.
 */
final class OuterForward {
    /**
     * Where the hop-2 probe is aimed. It is sent only once a double NAT is known, with TTL 2, so it expires at the
     * outer router and never leaves the home. {@code HOMEPORT_PROBE_TARGET} overrides it (the lab sets its own).
     */
    static final String DEFAULT_PROBE_TARGET = "1.1.1.1";

    /** What happened on the outer router. */
    record Outcome(Detection detection, Optional<UpnpRouter> outer, Optional<String> innerWan, List<AddResult> results) {
        Outcome {
            results = List.copyOf(results);
        }
    }

    /**
     * A double NAT as found: the evidence, the outer router when it answers UPnP, and the inner router's address on
     * its LAN when known (without guessing).
     */
    record Found(Detection detection, Optional<UpnpRouter> outer, Optional<String> innerWan) {
        /** True when homeport can make mappings on the outer router. */
        boolean drivable() {
            return outer.isPresent() && innerWan.isPresent();
        }
    }

    private final Services services;
    private final OuterLedger ledger;
    private final StateStore store;

    /** @param store where the ledger of outer mappings ({@code outer} state) is kept */
    OuterForward(Services services, StateStore store) {
        this.services = services;
        this.ledger = new OuterLedger(store);
        this.store = store;
    }

    /** The inner router as UPnP, when it is driven by UPnP. */
    static Optional<UpnpRouter> upnpOf(Router r) {
        if (r instanceof FallbackRouter f) return upnpOf(f.active());
        if (r instanceof DoctorRouter d) return upnpOf(d.delegate());
        return r instanceof UpnpRouter u ? Optional.of(u) : Optional.empty();
    }

    /**
     * The TTL probes follow the default route, so they say something about {@code inner} only when it is this
     * host's default gateway; otherwise (a --router elsewhere, no default route) only what the router reports counts.
     */
    static DoubleNat doubleNat(Services services, UpnpRouter inner) {
        String target = services.env().getOrDefault("HOMEPORT_PROBE_TARGET", DEFAULT_PROBE_TARGET);
        boolean onPath = services.network().defaultGateway().map(inner.gateway().host()::equals).orElse(false);
        HopProbe probe = onPath ? new PingProbe(Duration.ofSeconds(1)) : (t, ttl) -> Optional.empty();
        Upnp upnp = new Upnp(services.lanHttp(), services.network());
        return new DoubleNat(upnp, new UnicastSearch(services.lanHttp()), new DoubleNatDetector(probe, target));
    }

    /**
     * Detects a double NAT behind {@code inner} and finds the outer router.
     *
     * @return empty when there is no double NAT (nothing to do on another router)
     */
    Optional<Found> locate(UpnpRouter inner) {
        return locate(inner, dn -> dn.detect(inner));
    }

    /** As {@link #locate(UpnpRouter)}, with the detection {@code detect} gives. */
    private Optional<Found> locate(UpnpRouter inner, Function<DoubleNat, Detection> detect) {
        return Optional.of(locateAny(inner, detect)).filter(f -> f.detection().doubleNat());
    }

    /** As {@link #locate}, but also when there is no double NAT (then with the detection only, to say why). */
    Found locateAny(UpnpRouter inner) {
        return locateAny(inner, dn -> dn.detect(inner));
    }

    private Found locateAny(UpnpRouter inner, Function<DoubleNat, Detection> detect) {
        DoubleNat dn = doubleNat(services, inner);
        Detection d = detect.apply(dn);
        if (!d.doubleNat()) return new Found(d, Optional.empty(), Optional.empty());
        Optional<UpnpRouter> outer = dn.findOuter(d, inner.gateway());
        Optional<String> innerWan = outer.isEmpty() ? d.innerWan()
                : dn.innerWan(d, outer.get(), inner.gateway().localAddress());
        return new Found(d, outer, innerWan);
    }

    /**
     * Starts the detection behind {@code inner} now, on a daemon thread of its own: {@code forward} pings the WAN address
     * while the IPv6 pinhole is being opened, then {@link #forward} takes the answer.
     *
     * @param wan the WAN address {@code inner} reported for the output line; null, empty or invalid: asked again there
     */
    Supplier<Detection> detectSoon(UpnpRouter inner, String wan) {
        DoubleNat dn = doubleNat(services, inner);
        CompletableFuture<Detection> d = CompletableFuture.supplyAsync(() -> dn.detect(inner, wan), r -> {
            Thread t = new Thread(r, "double-nat");
            t.setDaemon(true);
            t.start();
        });
        return () -> {
            try {
                return d.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw e;
            }
        };
    }

    /** homeport's mappings on the outer router of {@code f}, which must be {@link Found#drivable()}. */
    OuterKeeper keeper(Found f) {
        UpnpRouter o = f.outer().orElseThrow();
        return new OuterKeeper(o, o.gateway().host(), o.gateway().udn(), f.innerWan().orElseThrow(), ledger);
    }

    OuterLedger ledger() {
        return ledger;
    }

    /**
     * Opens {@code external} on the outer router for each protocol, when there is one, and records it.
     *
     * @param detection the detection behind {@code inner} ({@link #detectSoon})
     * @return empty when there is no double NAT (nothing to do)
     */
    Optional<Outcome> forward(UpnpRouter inner, Supplier<Detection> detection, int external, List<Protocol> protocols,
                              String description, Lease lease) {
        Optional<Found> found = locate(inner, dn -> detection.get());
        if (found.isEmpty()) return Optional.empty();
        Found f = found.get();
        if (!f.drivable()) return Optional.of(new Outcome(f.detection(), f.outer(), f.innerWan(), List.of()));
        OuterKeeper keeper = keeper(f);
        List<AddResult> results = new ArrayList<>();
        for (Protocol p : protocols) results.add(keeper.add(external, p, description, lease.seconds()));
        return Optional.of(new Outcome(f.detection(), f.outer(), f.innerWan(), results));
    }

    /**
     * Removes homeport's mapping of {@code external} on the outer router, when there is a double NAT and the outer
     * answers: only one the ledger records for that router, as the router holds it ({@link OuterKeeper#remove}).
     *
     * @return the outer router and what happened per protocol; empty when there is nothing to do or no way to do it
     */
    Optional<Map.Entry<UpnpRouter, List<RemoveResult>>> unforward(UpnpRouter inner, int external, List<Protocol> protocols) {
        Optional<Found> found = locate(inner).filter(Found::drivable);
        if (found.isEmpty()) return Optional.empty();
        OuterKeeper keeper = keeper(found.get());
        List<RemoveResult> results = new ArrayList<>();
        for (Protocol p : protocols) results.add(keeper.remove(external, p));
        return Optional.of(Map.entry(found.get().outer().get(), results));
    }

    /**
     * reassert's half behind a double NAT: puts every wanted mapping back on the outer router (an ISP box that
     * restarted lost them), refreshing the lease, then (when {@code prune}) removes the outer mappings the ledger
     * records for forwards no longer wanted. Recomputes the inner's WAN address each run (its DHCP lease on the ISP
     * box may change). Never fails the run: what could not be done is a warning.
     *
     * @param plan  the forwards wanted: those to this host are kept on the outer router too, and no outer mapping of
     *              a forward still wanted (to any host) is pruned
     */
    void reassert(UpnpRouter inner, Plan plan, boolean prune) {
        List<PortMapping> wanted = toThisHost(plan);
        if (wanted.isEmpty() && ledger.read().isEmpty()) return;
        // The timer runs this every few minutes: a single NAT probed less than a day ago is not probed again.
        SingleNatMemo memo = new SingleNatMemo(store, services.clock());
        Optional<Found> found = locate(inner, dn -> dn.detect(inner, memo));
        if (found.isEmpty()) return;
        if (!found.get().drivable()) {
            if (!wanted.isEmpty()) services.output().warn(cannotDrive(found.get(), wanted));
            return;
        }
        OuterKeeper keeper = keeper(found.get());
        List<OuterKeeper.Step> steps = new ArrayList<>(keeper.keep(wanted, true));
        if (prune) steps.addAll(keeper.prune(keys(plan)));
        String via = found.get().outer().get().describe();
        for (OuterKeeper.Step s : steps) {
            String line = line(s, keeper.innerWan(), via);
            if (s.action() == OuterKeeper.Action.FAILED || s.action() == OuterKeeper.Action.CONFLICT) {
                services.output().warn(line);
            } else if (s.changed()) {
                services.output().report(line);
            } else {
                services.output().detail(line);
            }
        }
    }

    /** The inner mappings of {@code plan} to this host: the outer router must forward their external ports too. */
    static List<PortMapping> toThisHost(Plan plan) {
        return plan.wanted().stream().map(Plan.Wanted::mapping).filter(m -> m.internalClient().equals(plan.thisHost())).toList();
    }

    /** The keys ({@code 888/tcp}) of every forward {@code plan} wants, to any host. */
    static Set<String> keys(Plan plan) {
        return plan.wanted().stream().map(w -> w.mapping().key()).collect(Collectors.toSet());
    }

    /** The warning when the outer router cannot be driven: what it must forward by hand. */
    static String cannotDrive(Found f, List<PortMapping> wanted) {
        return "double NAT (" + f.detection().evidence() + "): the outer router cannot be driven, so it must forward "
                + wanted.stream().map(PortMapping::key).toList() + " by hand to "
                + f.innerWan().orElse("your router's WAN address");
    }

    /** One line for a step on the outer router, as reassert and watch print it. */
    static String line(OuterKeeper.Step s, String innerWan, String via) {
        PortMapping m = s.mapping();
        String target = m.key() + " -> " + m.internalClient() + ":" + m.internalPort();
        return switch (s.action()) {
            case CONFLICT -> "outer router: " + m.key() + " is held by '" + m.description() + "' -> " + m.internalClient() + ":"
                    + m.internalPort() + ", not homeport's mapping for your router (" + innerWan + "): left alone";
            case FAILED -> "outer router: " + m.key() + ": " + s.detail();
            case MOVED -> "outer router: moved " + target + " (your router's address on its LAN changed) (via " + via + ")";
            default -> "outer router: " + s.action().name().toLowerCase(Locale.ROOT) + " " + target + " (via " + via + ")";
        };
    }

    /** The error when the outer router could not be driven: what to do on it by hand. */
    static HomeportException byHand(Outcome o, int external, List<Protocol> protocols, String innerLan) {
        String ports = String.join(" and ", protocols.stream().map(p -> external + "/" + p.name().toLowerCase(java.util.Locale.ROOT))
                .toList());
        String where = o.outer().map(u -> "the outer router " + u.gateway().host() + " (" + u.describe() + ")")
                .orElseGet(() -> "the outer router" + o.detection().candidates().stream().findFirst().map(c -> " (" + c + ")")
                        .orElse(""));
        String target = o.innerWan().map(a -> a + ":" + external)
                .orElse("your router's WAN address (shown on its status page; it is not " + innerLan + "):" + external);
        String why = o.outer().isEmpty() ? "does not answer UPnP" : "would not say which address your router has on its LAN";
        return new HomeportException(HomeportException.Kind.OUTER_CLOSED, "double NAT (" + o.detection().evidence() + "): "
                + where + " " + why + ", so the port is open on your router only",
                "open " + ports + " by hand in the outer router's port-forwarding page, to " + target
                        + "; or enable UPnP on it and rerun");
    }

    /** The {@code outer} member of forward's JSON document. */
    static Map<String, Object> json(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detection", o.detection().verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("evidence", o.detection().evidence());
        m.put("router", o.outer().map(UpnpRouter::describe).orElse(null));
        m.put("address", o.outer().map(u -> u.gateway().host()).orElse(null));
        m.put("innerWanAddress", o.innerWan().orElse(null));
        List<Map<String, Object>> mappings = new ArrayList<>();
        for (AddResult r : o.results()) {
            Map<String, Object> x = Mappings.toJson(r.mapping());
            x.put("result", r instanceof AddResult.Added ? "added" : r instanceof AddResult.Unverified ? "unverified"
                    : r instanceof AddResult.AlreadyPresent ? "already-present" : "conflict");
            mappings.add(x);
        }
        m.put("mappings", mappings);
        return m;
    }
}
