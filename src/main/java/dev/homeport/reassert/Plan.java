package dev.homeport.reassert;

import dev.homeport.config.Config;
import dev.homeport.core.Ownership;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.net.Ipv4;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the router must hold: one mapping per forward and protocol, with this host's address filled in where the
 * config leaves {@code to:} out.
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
        List<Wanted> out = new ArrayList<>();
        for (Config.Forward f : config.forwards()) {
            for (Protocol p : f.protocols()) {
                out.add(new Wanted(f.name(), PortMapping.of(f.externalPort(), p, f.to().orElse(thisHost), f.port(),
                        Ownership.describe(f.name()), f.lease().seconds())));
            }
        }
        return new Plan(thisHost, out);
    }

    /**
     * One mapping the config asks for.
     *
     * @param name    the forward's name in the config
     * @param mapping the mapping, its lease being the one requested
     */
    public record Wanted(String name, PortMapping mapping) {
        public Wanted {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mapping, "mapping");
        }
    }
}
