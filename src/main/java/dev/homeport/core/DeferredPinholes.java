package dev.homeport.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Pinholes whose full control is looked up only when needed: a pinhole that {@code known} issued is renewed, checked
 * and closed through {@code known} alone; anything else (opening, describing, another control's pinhole) goes to
 * {@code other.orElse(known)} (or {@code known} alone when the lookup finds no other control), built on first use and
 * kept. The timer's reassert, which renews a PCP pinhole, then never reads the router's UPnP description over IPv6.
 *
 * <p>A pinhole for which {@code knownFirst} holds is opened by {@code known} first: the other control is looked up and
 * asked only when {@code known} refuses it, and when both refuse the refusal reads as it would the other way round (the
 * other's reason first). For ports below 1024 on miniupnpd, which refuses those over UPnP whatever its configuration,
 * PCP then opens the pinhole without the UPnP round that could only be refused.
 */
final class DeferredPinholes implements Pinholes {
    private final Pinholes known;
    private final Supplier<Optional<Pinholes>> lookup;
    private final Predicate<Pinhole> knownFirst;
    private Optional<Pinholes> other;
    private Pinholes all;

    DeferredPinholes(Pinholes known, Supplier<Optional<Pinholes>> other, Predicate<Pinhole> knownFirst) {
        this.known = Objects.requireNonNull(known, "known");
        this.lookup = Objects.requireNonNull(other, "other");
        this.knownFirst = Objects.requireNonNull(knownFirst, "knownFirst");
    }

    private synchronized Optional<Pinholes> other() {
        if (other == null) other = Objects.requireNonNull(lookup.get(), "other");
        return other;
    }

    private synchronized Pinholes all() {
        if (all == null) all = other().map(o -> o.orElse(known)).orElse(known);
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
        if (!knownFirst.test(wanted)) return all().open(wanted);
        PinholeResult mine = known.open(wanted);
        if (!(mine instanceof PinholeResult.Refused refused) || other().isEmpty()) return mine;
        PinholeResult then = other().get().open(wanted);
        if (!(then instanceof PinholeResult.Refused also)) return then;
        return Pinholes.bothRefused(also, refused);
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
