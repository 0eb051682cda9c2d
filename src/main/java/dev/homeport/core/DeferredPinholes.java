package dev.homeport.core;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Pinholes whose full control is looked up only when needed: a pinhole that {@code known} issued is renewed, checked
 * and closed through {@code known} alone; anything else (opening, describing, another control's pinhole) goes to
 * {@code all}, built on first use and kept. {@code all} must handle {@code known}'s pinholes the same way (it is
 * {@code known} itself, or a combination that includes it), so the answers are those of {@code all}; only the
 * lookup is saved. The timer's reassert, which renews a PCP pinhole, then never reads the router's UPnP description
 * over IPv6.
 */
final class DeferredPinholes implements Pinholes {
    private final Pinholes known;
    private final Supplier<Pinholes> lookup;
    private Pinholes all;

    DeferredPinholes(Pinholes known, Supplier<Pinholes> all) {
        this.known = Objects.requireNonNull(known, "known");
        this.lookup = Objects.requireNonNull(all, "all");
    }

    private synchronized Pinholes all() {
        if (all == null) all = Objects.requireNonNull(lookup.get(), "all");
        return all;
    }

    private Pinholes forPinhole(Pinhole pinhole) {
        return known.issued(pinhole) ? known : all();
    }

    @Override
    public String describe() {
        return all().describe();
    }

    @Override
    public boolean issued(Pinhole pinhole) {
        return known.issued(pinhole) || all().issued(pinhole);
    }

    @Override
    public String describe(Pinhole pinhole) {
        return forPinhole(pinhole).describe(pinhole);
    }

    @Override
    public PinholeResult open(Pinhole wanted) {
        return all().open(wanted);
    }

    @Override
    public boolean renew(Pinhole pinhole) {
        return forPinhole(pinhole).renew(pinhole);
    }

    @Override
    public Closed close(Pinhole pinhole) {
        return forPinhole(pinhole).close(pinhole);
    }

    @Override
    public boolean exists(Pinhole pinhole) {
        return forPinhole(pinhole).exists(pinhole);
    }

    @Override
    public Presence check(Pinhole pinhole, Instant granted) {
        return forPinhole(pinhole).check(pinhole, granted);
    }
}
