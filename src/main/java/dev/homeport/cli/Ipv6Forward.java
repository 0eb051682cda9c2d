package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.core.IpVersion;
import dev.homeport.core.Lease;
import dev.homeport.core.Pinhole;
import dev.homeport.core.Pinholes;
import dev.homeport.core.Protocol;
import dev.homeport.core.Router;
import dev.homeport.ipv6.PinholeKeeper;
import dev.homeport.upnp.Ipv6Connector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IPv6 half of {@code forward}: a pinhole to this host's stable global address for each protocol, one line per
 * pinhole, and a plain "no pinhole: why" line when there is none. It never claims a pinhole the router did not grant.
 */
final class Ipv6Forward {
    private final Services services;
    private final GlobalOptions global;
    private final boolean json;
    /** Lines held back by {@link #deferred}: printed by {@link #flush}, or dropped when the command fails anyway. */
    private final List<String[]> held = new ArrayList<>();
    private boolean defer;

    Ipv6Forward(Services services, GlobalOptions global, boolean json) {
        this.services = services;
        this.global = global;
        this.json = json;
    }

    /** Holds every line back until {@link #flush} (the IPv4 side failed: print only if IPv6 saves the command). */
    Ipv6Forward deferred() {
        defer = true;
        return this;
    }

    /** Prints the lines held back. */
    void flush() {
        for (String[] l : held) (l[0].equals("out") ? services.out() : services.err()).println(l[1]);
        held.clear();
    }

    /** Prints only the stdout lines held back (the command fails: its error and hint are the only stderr lines). */
    void flushResults() {
        held.removeIf(l -> !l[0].equals("out"));
        flush();
    }

    /**
     * Opens (or renews) the pinholes for {@code port}.
     *
     * @param version what the user asked for: with {@code 6}, no pinhole is an error; with {@code both}, a line
     * @return the JSON form of each outcome
     * @throws HomeportException ROUTER_REFUSED when {@code version} is 6 and a pinhole could not be opened
     */
    List<Map<String, Object>> forward(Router r, int port, List<Protocol> protocols, Lease lease, IpVersion version) {
        List<Map<String, Object>> out = new ArrayList<>();
        PinholeConnector connector = new PinholeConnector(services, global);
        Ipv6Connector.Lookup lookup = version == IpVersion.BOTH && services.ipv6().stableGlobal().isEmpty()
                ? new Ipv6Connector.Lookup(Optional.empty(), Optional.empty(), "this host has no stable global IPv6 address")
                : connector.lookup(r);
        Optional<PinholeKeeper> keeper = connector.keeper(lookup);
        if (keeper.isEmpty()) {
            // A host without IPv6 asked for the default: IPv4 is all it has, nothing to say.
            if (lookup.address().isEmpty() && version == IpVersion.BOTH) return out;
            String why = "IPv6: no pinhole for port " + port + ": " + lookup.reason();
            if (version == IpVersion.V6) {
                throw new HomeportException(HomeportException.Kind.ROUTER_REFUSED, why, "forward over IPv4 with --ip-version 4");
            }
            say(why);
            out.add(Map.of("port", port, "result", "unavailable", "reason", lookup.reason()));
            return out;
        }
        for (Protocol p : protocols) {
            Pinhole wanted = Pinhole.wanted(lookup.address().orElseThrow(), port, p, lease.seconds());
            PinholeKeeper.Outcome o = keeper.get().ensure(wanted);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", wanted.internalClient());
            m.put("port", port);
            m.put("protocol", p.label());
            m.put("result", o.action().name().toLowerCase(java.util.Locale.ROOT));
            if (o.action() == PinholeKeeper.Action.REFUSED && version == IpVersion.V6) {
                throw new HomeportException(HomeportException.Kind.ROUTER_REFUSED, "IPv6 " + wanted.key() + ": no pinhole: "
                        + o.reason(), o.hint().isEmpty() ? "forward over IPv4 with --ip-version 4" : o.hint());
            }
            if (o.action() == PinholeKeeper.Action.REFUSED) {
                m.put("reason", o.reason());
                say("IPv6 " + wanted.key() + ": no pinhole: " + o.reason());
                if (!o.hint().isEmpty() && !global.quiet() && !json) print("err", "hint: " + o.hint());
            } else {
                m.put("id", o.pinhole().id());
                m.put("leaseSeconds", o.pinhole().leaseSeconds());
                String state = switch (o.action()) {
                    case OPENED -> " open to the internet over IPv6";
                    case RESTORED -> " open to the internet over IPv6 again, the router had lost it";
                    default -> " already open to the internet over IPv6";
                };
                String via = lookup.pinholes().get().describe(o.pinhole());
                say(o.pinhole().key() + state + " (pinhole " + o.pinhole().id()
                        + ", lease " + new Lease(o.pinhole().leaseSeconds()) + ", via " + via + ")");
            }
            out.add(m);
        }
        return out;
    }

    /**
     * Closes the pinholes homeport recorded for {@code port}, one line each.
     *
     * @return the JSON form of each
     * @throws HomeportException when the router cannot be reached over IPv6 while a pinhole is recorded
     */
    List<Map<String, Object>> unforward(Router r, int port, List<Protocol> protocols) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Pinhole> recorded = PinholeKeeper.recorded(services.stateStore(global)).stream()
                .filter(p -> p.port() == port && protocols.contains(p.protocol())).toList();
        if (recorded.isEmpty()) return out;
        PinholeConnector connector = new PinholeConnector(services, global);
        Ipv6Connector.Lookup lookup = connector.lookup(r);
        PinholeKeeper keeper = connector.keeper(lookup).orElseThrow(() -> new HomeportException(
                HomeportException.Kind.NO_ROUTER, "IPv6: cannot close the pinhole for port " + port + ": " + lookup.reason(),
                "run it again when the router answers over IPv6; the pinhole lapses by itself within a day"));
        Optional<HomeportException> notOurs = Optional.empty();
        for (Pinhole p : recorded) {
            Pinholes.Closed closed;
            try {
                closed = keeper.close(p.port(), p.protocol());
            } catch (HomeportException e) {
                // Another client's pinhole now (PCP NOT_AUTHORIZED): left alone; the other protocol's is still closed.
                if (e.kind() != HomeportException.Kind.NOT_OWNED) throw e;
                notOurs = notOurs.or(() -> Optional.of(e));
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", p.internalClient());
            m.put("port", port);
            m.put("protocol", p.protocol().label());
            m.put("result", closed.name().toLowerCase(java.util.Locale.ROOT));
            out.add(m);
            say(switch (closed) {
                case CLOSED -> "closed the IPv6 pinhole " + p.key() + " (via " + keeper.describe(p) + ")";
                case LAPSING -> "IPv6 " + p.key() + ": the router would not delete the pinhole (PCP NOT_AUTHORIZED: miniupnpd"
                        + " loses a pinhole's owner when it renews it), so homeport cut its lease to the router's shortest: it"
                        + " closes by itself within minutes";
                case ABSENT -> "IPv6 " + p.key() + ": the router no longer had the pinhole: nothing to close";
            });
        }
        if (notOurs.isPresent()) throw notOurs.get();
        return out;
    }

    /**
     * The pinholes homeport recorded on this host, each checked with the router (IGD:2 cannot list pinholes, so
     * other programs' pinholes cannot be shown). Prints a line each unless JSON or quiet.
     */
    List<Map<String, Object>> list(Router r) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Pinhole> recorded = PinholeKeeper.recorded(services.stateStore(global));
        if (recorded.isEmpty()) return out;
        PinholeConnector connector = new PinholeConnector(services, global);
        Ipv6Connector.Lookup lookup = connector.lookup(r);
        Optional<PinholeKeeper> keeper = connector.keeper(lookup);
        for (Pinhole p : recorded) {
            String state = keeper.isEmpty() ? "unknown" : switch (keeper.get().check(p)) {
                case HELD -> "open";
                case REOPENED -> "reopened";
                case GONE -> "gone";
            };
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", p.internalClient());
            m.put("port", p.port());
            m.put("protocol", p.protocol().label());
            m.put("id", p.id());
            m.put("leaseSeconds", p.leaseSeconds());
            m.put("state", state);
            m.put("homeport", true);
            out.add(m);
            say(String.format("%-10s %-32s %-10s %-8s %s", "IPv6", p.key(), new Lease(p.leaseSeconds()), state,
                    "pinhole " + p.id() + "  [homeport, this host]"));
        }
        if (keeper.isEmpty()) say("IPv6: cannot check the pinholes: " + lookup.reason());
        return out;
    }

    /**
     * Reassert's IPv6 step: keeps a pinhole open for every forward of this host that wants IPv6 (renewed once half
     * its lease has run, reopened when the router lost it). Prints one line per change; a pinhole that cannot be had
     * is a problem (stderr) only for a forward that asked for {@code ip-version: 6}, else a -v note.
     *
     * @return true when a forward with {@code ip-version: 6} has no pinhole
     */
    boolean reassert(Router r, List<Config.Forward> forwards, boolean verbose) {
        List<Config.Forward> wanting = forwards.stream().filter(f -> f.ipVersion().wantsV6() && f.to().isEmpty()).toList();
        if (wanting.isEmpty()) return false;
        boolean strict = wanting.stream().anyMatch(f -> f.ipVersion() == IpVersion.V6);
        if (services.ipv6().stableGlobal().isEmpty() && !strict) return false;
        PinholeConnector connector = new PinholeConnector(services, global);
        Ipv6Connector.Lookup lookup = connector.lookup(r);
        Optional<PinholeKeeper> keeper = connector.keeper(lookup);
        if (keeper.isEmpty()) {
            note(strict, "IPv6: no pinholes: " + lookup.reason(), verbose);
            return strict;
        }
        boolean problem = false;
        for (Config.Forward f : wanting) {
            for (Protocol p : f.protocols()) {
                PinholeKeeper.Outcome o = keeper.get().ensure(Pinhole.wanted(lookup.address().orElseThrow(), f.port(), p,
                        f.lease().seconds()));
                String key = o.pinhole().key();
                switch (o.action()) {
                    case OPENED -> say("opened the IPv6 pinhole " + key + " (pinhole " + o.pinhole().id() + ")");
                    case RESTORED -> say("restored the IPv6 pinhole " + key + " (the router had lost it; pinhole "
                            + o.pinhole().id() + ")");
                    case RENEWED -> say("renewed the IPv6 pinhole " + key + " (lease " + new Lease(o.pinhole().leaseSeconds()) + ")");
                    case UNCHANGED -> {
                        if (verbose && !global.quiet() && !json) services.out().println("IPv6 pinhole " + key + ": in place");
                    }
                    default -> {
                        boolean v6 = f.ipVersion() == IpVersion.V6;
                        note(v6, "IPv6 " + key + ": no pinhole: " + o.reason(), verbose);
                        problem |= v6;
                    }
                }
            }
        }
        return problem;
    }

    private void note(boolean problem, String line, boolean verbose) {
        if (json) return;
        if (problem) {
            services.err().println("error: " + line);
        } else if (verbose && !global.quiet()) {
            services.err().println("note: " + line);
        }
    }

    private void say(String line) {
        if (!json && !global.quiet()) print("out", line);
    }

    private void print(String stream, String line) {
        if (defer) {
            held.add(new String[] {stream, line});
        } else {
            (stream.equals("out") ? services.out() : services.err()).println(line);
        }
    }
}
