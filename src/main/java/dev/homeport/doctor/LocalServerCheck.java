package dev.homeport.doctor;

import dev.homeport.core.Protocol;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Is a server listening on the port, on an address the LAN can reach? The classic miss is a development server
 * bound to 127.0.0.1 (Flask's default), which only this host can reach.
 */
final class LocalServerCheck {
    static final String NAME = "local-server";
    private static final int MAX_LISTED = 8;

    private final Sockets sockets;

    LocalServerCheck(Sockets sockets) {
        this.sockets = sockets;
    }

    /**
     * @param lanAddress this host's LAN address, if known
     * @param forThisHost false when the forward points at another LAN host, whose sockets cannot be seen from here
     */
    Check check(Target t, Optional<String> lanAddress, boolean forThisHost) {
        if (!forThisHost) {
            return Check.of(NAME, t.key(), Status.SKIPPED, "not checked: the forward points at " + t.to().orElse("?")
                    + ", another host; run 'homeport doctor' there", null);
        }
        List<Sockets.Listener> all;
        try {
            all = sockets.listening(t.protocol());
        } catch (Sockets.SocketsUnavailableException e) {
            return Check.of(NAME, t.key(), Status.SKIPPED, "not checked: " + e.getMessage(), null);
        }
        String proto = t.protocol().name();
        List<Sockets.Listener> onPort = all.stream().filter(l -> l.port() == t.port()).toList();
        String endpoints = onPort.stream().map(Sockets.Listener::endpoint).distinct().collect(Collectors.joining(", "));
        String bindFix = "bind it to all addresses: for Flask app.run(host=\"0.0.0.0\", port=" + t.port()
                + "); for other servers set the listen address to 0.0.0.0" + lanAddress.map(a -> " or " + a).orElse("");
        if (onPort.isEmpty()) {
            String others = otherPorts(all);
            return Check.of(NAME, t.key(), Status.PROBLEM, "nothing listens on " + proto + " port " + t.port()
                    + " on this host" + (others.isEmpty() ? "" : " (" + proto + " ports listening: " + others + ")"),
                    "start the server on port " + t.port() + (t.protocol() == Protocol.TCP
                            ? " listening on all addresses (Flask: app.run(host=\"0.0.0.0\", port=" + t.port() + "))" : "")
                            + (t.port() < 1024 ? "; ports below 1024 need root or CAP_NET_BIND_SERVICE" : "")
                            + (others.isEmpty() ? "" : "; if it already runs on another port, forward that port instead"));
        }
        boolean reachable = onPort.stream().anyMatch(l -> l.wildcard() || lanAddress.map(l.address()::equals).orElse(!l.loopback()));
        if (reachable) {
            return Check.ok(NAME, t.key(), "listening on " + endpoints);
        }
        if (onPort.stream().allMatch(Sockets.Listener::loopback)) {
            return Check.of(NAME, t.key(), Status.PROBLEM, "the server listens on " + endpoints
                    + " only, so no other machine can connect (Flask's default)", bindFix);
        }
        return Check.of(NAME, t.key(), Status.PROBLEM, "the server listens on " + endpoints + ", not on this host's LAN address "
                + lanAddress.orElse("?"), bindFix);
    }

    /** Ports listening on non-loopback addresses, for the user who started the server on another port than they think. */
    private static String otherPorts(List<Sockets.Listener> all) {
        TreeSet<Integer> ports = all.stream().filter(l -> !l.loopback()).map(Sockets.Listener::port)
                .collect(Collectors.toCollection(TreeSet::new));
        String list = ports.stream().limit(MAX_LISTED).map(String::valueOf).collect(Collectors.joining(", "));
        return ports.size() > MAX_LISTED ? list + ", ..." : list;
    }
}
