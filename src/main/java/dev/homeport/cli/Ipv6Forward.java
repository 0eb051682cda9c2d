package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import dev.homeport.core.IpVersion;
import dev.homeport.core.Lease;
import dev.homeport.core.Pinhole;
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

    Ipv6Forward(Services services, GlobalOptions global, boolean json) {
        this.services = services;
        this.global = global;
        this.json = json;
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
        List<String> refused = new ArrayList<>();
        for (Protocol p : protocols) {
            Pinhole wanted = Pinhole.wanted(lookup.address().orElseThrow(), port, p, lease.seconds());
            PinholeKeeper.Outcome o = keeper.get().ensure(wanted);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", wanted.internalClient());
            m.put("port", port);
            m.put("protocol", p.label());
            m.put("result", o.action().name().toLowerCase(java.util.Locale.ROOT));
            if (o.action() == PinholeKeeper.Action.REFUSED) {
                m.put("reason", o.reason());
                refused.add(o.reason());
                say("IPv6 " + wanted.key() + ": no pinhole: " + o.reason());
                if (!o.hint().isEmpty() && !global.quiet() && !json) services.err().println("hint: " + o.hint());
            } else {
                m.put("id", o.pinhole().id());
                m.put("leaseSeconds", o.pinhole().leaseSeconds());
                String already = o.action() == PinholeKeeper.Action.OPENED ? "" : " already open";
                say(o.pinhole().key() + " open to the internet over IPv6" + already + " (pinhole " + o.pinhole().id()
                        + ", lease " + new Lease(o.pinhole().leaseSeconds()) + ", via " + lookup.pinholes().get().describe() + ")");
            }
            out.add(m);
        }
        if (!refused.isEmpty() && version == IpVersion.V6) {
            throw new HomeportException(HomeportException.Kind.ROUTER_REFUSED, "IPv6: " + refused.get(0),
                    "see the hint above, or forward over IPv4 with --ip-version 4");
        }
        return out;
    }

    private void say(String line) {
        if (!json && !global.quiet()) services.out().println(line);
    }
}
