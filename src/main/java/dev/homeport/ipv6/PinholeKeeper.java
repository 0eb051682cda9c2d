package dev.homeport.ipv6;

import dev.homeport.core.HomeportException;
import dev.homeport.core.Pinhole;
import dev.homeport.core.PinholeResult;
import dev.homeport.core.Pinholes;
import dev.homeport.core.Protocol;
import dev.homeport.state.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Opens, renews, restores and closes this host's pinholes, and records the router's id of each (state
 * {@code pinholes}), because IGD:2 has no way to list pinholes: the id is the only handle for renewing or deleting
 * one. A pinhole is renewed once half its lease (at most a day) has run; before that, a run only checks it is still
 * there and reopens it when the router lost it (a reboot).
 */
public final class PinholeKeeper {
    static final String STATE = "pinholes";

    private final Pinholes pinholes;
    private final StateStore store;
    private final Clock clock;

    public PinholeKeeper(Pinholes pinholes, StateStore store, Clock clock) {
        this.pinholes = pinholes;
        this.store = store;
        this.clock = clock;
    }

    /** How the pinholes are made ({@link Pinholes#describe}). */
    public String describe() {
        return pinholes.describe();
    }

    /** How {@code p} was made: the protocol that issued its id. */
    public String describe(Pinhole p) {
        return pinholes.describe(p);
    }

    /** What {@link #ensure} did. */
    public enum Action {
        /** Newly opened. */ OPENED,
        /** The lease was extended. */ RENEWED,
        /** Still in place with enough lease left: nothing changed. */ UNCHANGED,
        /** The router had lost it (reboot, expiry): opened again. */ RESTORED,
        /** The router refused: nothing is open. */ REFUSED
    }

    /**
     * The outcome of {@link #ensure}.
     *
     * @param pinhole the pinhole as the router holds it (with its id), or the wanted one when refused
     * @param reason  for REFUSED: why, one line
     * @param hint    for REFUSED: what the user can do (may be empty)
     */
    public record Outcome(Action action, Pinhole pinhole, String reason, String hint) {
    }

    /** The pinholes recorded for this host (what homeport opened), by {@code protocol/port}. */
    public static List<Pinhole> recorded(StateStore store) {
        List<Pinhole> out = new ArrayList<>();
        for (Map.Entry<String, String> e : store.read(STATE).orElse(Map.of()).entrySet()) {
            parse(e.getKey(), e.getValue()).ifPresent(r -> out.add(r.pinhole()));
        }
        return out;
    }

    /** The recorded pinhole for one port and protocol. */
    public Optional<Pinhole> recorded(int port, Protocol protocol) {
        return Optional.ofNullable(read().get(key(port, protocol))).map(Record::pinhole);
    }

    /**
     * Makes sure {@code wanted} is open: opens it, renews it when half its lease has run, reopens it when lost.
     *
     * @throws HomeportException when the router cannot be reached, or the state cannot be written
     */
    public Outcome ensure(Pinhole wanted) {
        Map<String, Record> all = read();
        String key = key(wanted.port(), wanted.protocol());
        Record had = all.get(key);
        Action action = Action.OPENED;
        if (had != null && had.pinhole().internalClient().equals(wanted.internalClient())) {
            Pinhole known = had.pinhole();
            Pinhole renewal = new Pinhole(known.internalClient(), known.port(), known.protocol(), wanted.leaseSeconds(), known.id());
            Instant now = clock.instant();
            boolean fresh = now.isBefore(had.granted().plusSeconds(known.leaseSeconds() / 2)) && !now.isBefore(had.granted());
            if (fresh) {
                Pinholes.Presence p = pinholes.check(known, had.granted());
                if (p == Pinholes.Presence.HELD) return new Outcome(Action.UNCHANGED, known, "", "");
                if (p == Pinholes.Presence.REOPENED) {
                    all.put(key, new Record(known, now));
                    write(all);
                    return new Outcome(Action.RESTORED, known, "", "");
                }
            }
            if (!fresh && pinholes.renew(renewal)) {
                all.put(key, new Record(renewal, now));
                write(all);
                return new Outcome(Action.RENEWED, renewal, "", "");
            }
            action = Action.RESTORED;
        }
        PinholeResult r = pinholes.open(wanted);
        if (r instanceof PinholeResult.Refused refused) {
            if (all.remove(key) != null) write(all);
            return new Outcome(Action.REFUSED, wanted, refused.reason(), refused.hint());
        }
        Pinhole got = ((PinholeResult.Opened) r).pinhole();
        all.put(key, new Record(got, clock.instant()));
        write(all);
        return new Outcome(action, got, "", "");
    }

    /**
     * Closes the recorded pinhole for {@code port}/{@code protocol} and forgets it.
     *
     * @return what the router did; ABSENT when none was recorded or the router no longer had it
     * @throws HomeportException when the router cannot be reached or the state cannot be written
     */
    public Pinholes.Closed close(int port, Protocol protocol) {
        Map<String, Record> all = read();
        Record had = all.get(key(port, protocol));
        if (had == null) return Pinholes.Closed.ABSENT;
        Pinholes.Closed closed;
        try {
            closed = pinholes.close(had.pinhole());
        } catch (HomeportException e) {
            // The router says the pinhole is another's now: the record no longer names anything homeport holds.
            if (e.kind() == HomeportException.Kind.NOT_OWNED) {
                all.remove(key(port, protocol));
                write(all);
            }
            throw e;
        }
        all.remove(key(port, protocol));
        write(all);
        return closed;
    }

    /**
     * Whether the router still holds {@code p} ({@link Pinholes#check}, from the time its record says it was granted).
     * When the check itself opened it again (PCP, after a router restart), the record's grant time becomes now.
     *
     * @throws HomeportException when the router cannot be asked, or the state cannot be written
     */
    public Pinholes.Presence check(Pinhole p) {
        Map<String, Record> all = read();
        String key = key(p.port(), p.protocol());
        Record had = all.get(key);
        boolean mine = had != null && had.pinhole().id().equals(p.id());
        Pinholes.Presence presence = pinholes.check(p, mine ? had.granted() : clock.instant());
        if (mine && presence == Pinholes.Presence.REOPENED) {
            all.put(key, new Record(had.pinhole(), clock.instant()));
            write(all);
        }
        return presence;
    }

    private record Record(Pinhole pinhole, Instant granted) {
        String value() {
            return pinhole.id() + " " + pinhole.internalClient() + " " + pinhole.leaseSeconds() + " " + granted.getEpochSecond();
        }
    }

    private static String key(int port, Protocol protocol) {
        return protocol.label() + "/" + port;
    }

    private static Optional<Record> parse(String key, String value) {
        try {
            String[] k = key.split("/");
            String[] v = value.trim().split(" ");
            if (k.length != 2 || v.length != 4) return Optional.empty();
            Pinhole p = new Pinhole(v[1], Integer.parseInt(k[1]), Protocol.parse(k[0]), Long.parseLong(v[2]), v[0]);
            return Optional.of(new Record(p, Instant.ofEpochSecond(Long.parseLong(v[3]))));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private Map<String, Record> read() {
        Map<String, Record> out = new TreeMap<>();
        for (Map.Entry<String, String> e : store.read(STATE).orElse(Map.of()).entrySet()) {
            parse(e.getKey(), e.getValue()).ifPresent(r -> out.put(e.getKey(), r));
        }
        return out;
    }

    private void write(Map<String, Record> all) {
        Map<String, String> m = new TreeMap<>();
        all.forEach((k, r) -> m.put(k, r.value()));
        if (m.isEmpty()) {
            store.delete(STATE);
        } else {
            store.write(STATE, m);
        }
    }
}
