package dev.homeport.reassert;

import dev.homeport.config.Config;
import dev.homeport.core.Ownership;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.net.Ipv4;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the router must hold: one mapping per forward and protocol, with this host's address filled in where the
 * config leaves {@code to:} out, and the forwards made by hand ({@link ManualForwards}) that the config does not
 * also name.
 *
 * @param thisHost this host's LAN address towards the router: the default target, and the owner of what it created
 * @param wanted   the mappings, at most one per external port and protocol
 */
public record Plan(String thisHost, List<Wanted> wanted) {

    public Plan {
        if (!Ipv4.isValid(thisHost)) throw new IllegalArgumentException("thisHost (" + thisHost + ") must be an IPv4 address");
        wanted = List.copyOf(wanted);
        Set<String> keys = new HashSet<>();
        for (Wanted w : wanted) {
            if (!keys.add(w.mapping().key())) {
                throw new IllegalArgumentException("wanted (" + w.mapping().key() + ") appears twice");
            }
        }
    }

    /** The plan for {@code config}'s forwards. */
    public static Plan of(Config config, String thisHost) {
        return of(config, thisHost, Map.of());
    }

    /**
     * The plan for {@code config}'s forwards and those made by hand; where both name the same external port and
     * protocol, the config's forward wins.
     *
     * @param manual the forwards made by hand, by key ({@link ManualForwards#read})
     */
    public static Plan of(Config config, String thisHost, Map<String, PortMapping> manual) {
        List<Wanted> out = new ArrayList<>();
        for (Config.Forward f : config.forwards()) {
            for (Protocol p : f.protocols()) {
                out.add(new Wanted(f.name(), PortMapping.of(f.externalPort(), p, f.to().orElse(thisHost), f.port(),
                        Ownership.describe(f.name()), f.lease().seconds())));
            }
        }
        Set<String> configured = new HashSet<>();
        out.forEach(w -> configured.add(w.mapping().key()));
        manual.forEach((key, m) -> {
            if (!configured.contains(m.key())) out.add(new Wanted(m.description(), m, true));
        });
        return new Plan(thisHost, out);
    }

    /**
     * One mapping the config (or the user, by hand) asks for.
     *
     * @param name    the forward's name in the config; for a forward made by hand, its description
     * @param mapping the mapping, its lease being the one requested
     * @param byHand  made with {@code homeport forward}, not named in the config
     */
    public record Wanted(String name, PortMapping mapping, boolean byHand) {
        public Wanted {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mapping, "mapping");
        }

        /** A forward of the config. */
        public Wanted(String name, PortMapping mapping) {
            this(name, mapping, false);
        }
    }
}
