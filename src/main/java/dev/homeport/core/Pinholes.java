package dev.homeport.core;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A router's IPv6 firewall control: the seam for opening inbound pinholes. The UPnP implementation speaks IGD:2
 * WANIPv6FirewallControl; another protocol (PCP MAP over IPv6, which routers allow for ports below 1024) plugs in
 * behind the same interface, and {@link #orElse} tries it when the first refuses. An implementation prefixes the ids
 * it issues ({@code upnp:7}) and answers false for an id it did not issue, so a renew never reaches the wrong one.
 */
public interface Pinholes {

    /** How the pinholes are made, e.g. {@code UPnP IGD:2 WANIPv6FirewallControl on Lab Router}. */
    String describe();

    /** Whether {@code pinhole}'s id is one these issued (an implementation that prefixes its ids overrides this). */
    default boolean issued(Pinhole pinhole) {
        return true;
    }

    /** How {@code pinhole} was made: {@link #describe()}, or for a combination the one that issued its id. */
    default String describe(Pinhole pinhole) {
        return describe();
    }

    /**
     * Opens {@code wanted} or renews it when the router holds the same one.
     *
     * @return {@link PinholeResult.Opened} with the router's id, or {@link PinholeResult.Refused} with the reason
     * @throws HomeportException when the router cannot be reached or fails in a way the user cannot act on
     */
    PinholeResult open(Pinhole wanted);

    /**
     * Extends the lease of a pinhole the router granted earlier ({@code pinhole.id()} set).
     *
     * @return false when the router no longer has it (rebooted, expired): open it again
     * @throws HomeportException when the router cannot be reached or refuses
     */
    boolean renew(Pinhole pinhole);

    /** What {@link #close} did. */
    enum Closed {
        /** The router deleted it. */
        CLOSED,
        /** The router did not have it, or its id is not one these issued: nothing to close. */
        ABSENT,
        /**
         * The router would not delete it, but took the shortest lease for it: it closes by itself within minutes (PCP
         * on miniupnpd 2.3.1 with nftables, which loses a pinhole's nonce when it renews one, then refuses its delete).
         */
        LAPSING
    }

    /**
     * Closes a pinhole this host opened.
     *
     * @throws HomeportException when the router cannot be reached or refuses
     */
    Closed close(Pinhole pinhole);

    /**
     * Whether the router still holds the pinhole.
     *
     * @throws HomeportException when the router cannot be asked
     */
    boolean exists(Pinhole pinhole);

    /** What {@link #check} found. */
    enum Presence {
        /** The router holds the pinhole. */
        HELD,
        /**
         * The router had lost it (it restarted after the pinhole was granted) and the check opened it again: PCP has no
         * query, its only question is a MAP, and the router's epoch in the answer tells the restart.
         */
        REOPENED,
        /** The router does not hold it. */
        GONE
    }

    /**
     * Whether the router still holds the pinhole it granted at {@code granted}: {@link #exists}, unless the protocol
     * can only ask by acting (PCP), which then also says whether it had to open the pinhole again.
     *
     * @throws HomeportException when the router cannot be asked
     */
    default Presence check(Pinhole pinhole, Instant granted) {
        return exists(pinhole) ? Presence.HELD : Presence.GONE;
    }

    /**
     * {@code known} for the pinholes it issued, else {@code other} (looked up once, on first need: empty when the router
     * has no such control) with {@code known} after it ({@code other.orElse(known)}); see {@link DeferredPinholes}. A
     * pinhole for which {@code knownFirst} holds is opened by {@code known} first, and {@code other} is looked up and
     * asked only when {@code known} refuses it.
     */
    static Pinholes deferred(Pinholes known, Supplier<Optional<Pinholes>> other, Predicate<Pinhole> knownFirst) {
        return new DeferredPinholes(known, other, knownFirst);
    }

    /**
     * The refusal when both of two controls refused: {@code first}'s, with {@code second}'s reason added (the order the
     * user reads, whichever was asked first).
     */
    static PinholeResult.Refused bothRefused(PinholeResult.Refused first, PinholeResult.Refused second) {
        return new PinholeResult.Refused(first.reason() + "; " + second.reason(), first.hint(), first.code());
    }

    /**
     * These pinholes, then {@code next} for a pinhole these refuse (e.g. UPnP refuses ports below 1024, PCP opens
     * them). Renew, close and exists go to whichever issued the pinhole's id. When both refuse, the refusal is the
     * first's, with the second's reason added.
     */
    default Pinholes orElse(Pinholes next) {
        Pinholes first = this;
        return new Pinholes() {
            @Override
            public String describe() {
                return first.describe() + ", else " + next.describe();
            }

            @Override
            public boolean issued(Pinhole pinhole) {
                return first.issued(pinhole) || next.issued(pinhole);
            }

            @Override
            public String describe(Pinhole pinhole) {
                return first.issued(pinhole) ? first.describe(pinhole) : next.describe(pinhole);
            }

            @Override
            public PinholeResult open(Pinhole wanted) {
                PinholeResult r = first.open(wanted);
                if (!(r instanceof PinholeResult.Refused refused)) return r;
                PinholeResult then = next.open(wanted);
                if (!(then instanceof PinholeResult.Refused also)) return then;
                return bothRefused(refused, also);
            }

            @Override
            public boolean renew(Pinhole pinhole) {
                return first.renew(pinhole) || next.renew(pinhole);
            }

            @Override
            public Closed close(Pinhole pinhole) {
                Closed c = first.close(pinhole);
                return c != Closed.ABSENT ? c : next.close(pinhole);
            }

            @Override
            public boolean exists(Pinhole pinhole) {
                return first.exists(pinhole) || next.exists(pinhole);
            }

            @Override
            public Presence check(Pinhole pinhole, Instant granted) {
                Presence p = first.check(pinhole, granted);
                return p != Presence.GONE ? p : next.check(pinhole, granted);
            }
        };
    }
}
