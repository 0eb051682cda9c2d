package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.doctor.Check;
import dev.homeport.doctor.RouterSource;
import dev.homeport.doctor.Status;
import dev.homeport.doctor.Target;
import dev.homeport.doublenat.Detection;
import dev.homeport.doublenat.DoubleNat;
import dev.homeport.upnp.UpnpRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * doctor's {@code double-nat} check (docs/double-nat.md): behind a second router, is each port also forwarded on
 * the outer one, to the inner router's WAN address? Says nothing when there is no double NAT or no UPnP router.
 */
final class DoctorDoubleNat {
    static final String NAME = "double-nat";
    private final Services services;

    DoctorDoubleNat(Services services) {
        this.services = services;
    }

    List<Check> checks(RouterSource source, List<Target> targets) {
        Optional<UpnpRouter> inner;
        try {
            inner = OuterForward.upnpOf(source.connect());
        } catch (HomeportException e) {
            return List.of(); // the router check already said why
        }
        if (inner.isEmpty()) return List.of();
        DoubleNat dn = OuterForward.doubleNat(services, inner.get());
        Detection d = dn.detect(inner.get());
        if (!d.doubleNat()) return List.of();
        String thisRouter = inner.get().gateway().host();
        Optional<UpnpRouter> outer = dn.findOuter(d, inner.get().gateway());
        Optional<String> innerWan = outer.flatMap(o -> dn.innerWan(d, o, inner.get().gateway().localAddress())).or(d::innerWan);
        String target = innerWan.orElse("your router's WAN address (not " + thisRouter + ")");
        String where = outer.map(o -> "the outer router " + o.gateway().host() + " (" + o.describe() + ")")
                .orElse("the outer router" + d.candidates().stream().findFirst().map(c -> " " + c).orElse(""));
        List<Check> out = new ArrayList<>();
        for (Target t : targets) {
            String fix = "open " + t.key() + " on " + where + " to " + target + ":" + t.externalPort()
                    + (outer.isPresent() ? " ('homeport forward' does it)" : " by hand, in its port-forwarding page");
            if (outer.isEmpty()) {
                out.add(new Check(NAME, t.key(), Status.PROBLEM, "double NAT: " + d.evidence() + "; " + where
                        + " does not answer UPnP", Optional.of(fix)));
                continue;
            }
            Optional<PortMapping> m = find(outer.get(), t);
            boolean ok = m.isPresent() && innerWan.map(m.get().internalClient()::equals).orElse(false)
                    && m.get().internalPort() == t.externalPort();
            String seen = m.map(x -> "it forwards " + x.key() + " to " + x.internalClient() + ":" + x.internalPort())
                    .orElse("it does not forward " + t.key());
            out.add(new Check(NAME, t.key(), ok ? Status.OK : Status.PROBLEM, "double NAT: " + d.evidence() + "; " + where
                    + ": " + seen, ok ? Optional.empty() : Optional.of(fix)));
        }
        return out;
    }

    private static Optional<PortMapping> find(UpnpRouter outer, Target t) {
        try {
            return outer.find(t.externalPort(), t.protocol());
        } catch (HomeportException e) {
            return Optional.empty();
        }
    }
}
