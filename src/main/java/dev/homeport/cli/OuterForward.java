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
import dev.homeport.doublenat.PingProbe;
import dev.homeport.upnp.UnicastSearch;
import dev.homeport.upnp.Upnp;
import dev.homeport.upnp.UpnpRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outer half of {@code forward} behind a double NAT (docs/double-nat.md): detect a second router, find it by
 * unicast SSDP, and map {@code outer ext P -> inner router's WAN address:P}. Only for an inner router driven by UPnP.
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

    private final Services services;

    OuterForward(Services services) {
        this.services = services;
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
    DoubleNat doubleNat(UpnpRouter inner) {
        String target = services.env().getOrDefault("HOMEPORT_PROBE_TARGET", DEFAULT_PROBE_TARGET);
        boolean onPath = services.network().defaultGateway().map(inner.gateway().host()::equals).orElse(false);
        HopProbe probe = onPath ? new PingProbe(Duration.ofSeconds(1)) : (t, ttl) -> Optional.empty();
        Upnp upnp = new Upnp(services.lanHttp(), services.network());
        return new DoubleNat(upnp, new UnicastSearch(services.lanHttp()), new DoubleNatDetector(probe, target));
    }

    /**
     * Opens {@code external} on the outer router for each protocol, when there is one.
     *
     * @return empty when there is no double NAT (nothing to do)
     */
    Optional<Outcome> forward(UpnpRouter inner, int external, List<Protocol> protocols, String thisHost, String description,
                              Lease lease) {
        DoubleNat dn = doubleNat(inner);
        Detection d = dn.detect(inner);
        if (!d.doubleNat()) return Optional.empty();
        Optional<UpnpRouter> outer = dn.findOuter(d, inner.gateway());
        if (outer.isEmpty()) return Optional.of(new Outcome(d, outer, d.innerWan(), List.of()));
        Optional<String> innerWan = dn.innerWan(d, outer.get(), thisHost);
        if (innerWan.isEmpty()) return Optional.of(new Outcome(d, outer, innerWan, List.of()));
        List<AddResult> results = new ArrayList<>();
        for (Protocol p : protocols) {
            results.add(outer.get().add(PortMapping.of(external, p, innerWan.get(), external, description, lease.seconds())));
        }
        return Optional.of(new Outcome(d, outer, innerWan, results));
    }

    /**
     * Removes homeport's mapping of {@code external} on the outer router, when there is a double NAT and the outer
     * answers; only a mapping that points at the inner router's WAN address (and that homeport made) is touched.
     *
     * @return the outer router and what happened per protocol; empty when there is nothing to do or no way to do it
     */
    Optional<Map.Entry<UpnpRouter, List<RemoveResult>>> unforward(UpnpRouter inner, int external, List<Protocol> protocols,
                                                                  String thisHost) {
        DoubleNat dn = doubleNat(inner);
        Detection d = dn.detect(inner);
        if (!d.doubleNat()) return Optional.empty();
        Optional<UpnpRouter> outer = dn.findOuter(d, inner.gateway());
        if (outer.isEmpty()) return Optional.empty();
        Optional<String> innerWan = dn.innerWan(d, outer.get(), thisHost);
        if (innerWan.isEmpty()) return Optional.empty();
        List<RemoveResult> results = new ArrayList<>();
        for (Protocol p : protocols) results.add(outer.get().remove(external, p, innerWan.get()));
        return Optional.of(Map.entry(outer.get(), results));
    }

    /**
     * reassert's half behind a double NAT: puts every wanted mapping back on the outer router (an ISP box that
     * restarted lost them), refreshing the lease. Recomputes the inner's WAN address each run (its DHCP lease on the
     * ISP box may change). Never fails the run: what could not be done is a warning.
     */
    void reassert(UpnpRouter inner, List<PortMapping> wanted) {
        if (wanted.isEmpty()) return;
        DoubleNat dn = doubleNat(inner);
        Detection d = dn.detect(inner);
        if (!d.doubleNat()) return;
        Optional<UpnpRouter> outer = dn.findOuter(d, inner.gateway());
        Optional<String> innerWan = outer.flatMap(o -> dn.innerWan(d, o, inner.gateway().localAddress()));
        if (outer.isEmpty() || innerWan.isEmpty()) {
            services.output().warn("double NAT (" + d.evidence() + "): the outer router cannot be driven, so it must forward "
                    + wanted.stream().map(PortMapping::key).toList() + " by hand to your router's WAN address");
            return;
        }
        for (PortMapping m : wanted) {
            PortMapping o = PortMapping.of(m.externalPort(), m.protocol(), innerWan.get(), m.externalPort(), m.description(),
                    m.leaseSeconds());
            try {
                AddResult r = outer.get().add(o);
                String what = r instanceof AddResult.Added ? "restored" : r instanceof AddResult.Conflict ? "conflict:" : "kept";
                services.output().report("outer router: " + what + " " + o.key() + " -> " + innerWan.get() + ":"
                        + o.internalPort() + " (via " + outer.get().describe() + ")");
            } catch (HomeportException e) {
                services.output().warn("outer router: " + o.key() + ": " + e.getMessage());
            }
        }
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
