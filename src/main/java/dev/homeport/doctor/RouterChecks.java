package dev.homeport.doctor;

import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Router;
import dev.homeport.net.Ipv4;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The router side: does a gateway answer, is its WAN address public, does the mapping point here. */
final class RouterChecks {
    static final String ROUTER = "router";
    static final String WAN = "wan-address";
    static final String ECHO = "ip-echo";
    static final String MAPPING = "mapping";

    static final String NO_FORWARDING_HELPS = "no port forwarding on this router can make this host reachable from the internet";
    static final String OPTIONS = "ask the ISP for a public IPv4 address; or serve over IPv6 (an AAAA record and an IPv6 firewall"
            + " opening); or use a tunnel to a host that has a public address (a VPS relay, Cloudflare Tunnel, Tailscale Funnel)";
    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![0-9.])");

    /**
     * A router that answered, or the check saying why there is none.
     *
     * @param router     the router, when it answered
     * @param check      the verdict on the router itself
     * @param wanAddress what it said its WAN address is (asking it is how doctor knows it answers)
     * @param wanFailure why it could not say, when it answered otherwise
     */
    record Connection(Optional<Router> router, Check check, Optional<String> wanAddress, Optional<HomeportException> wanFailure) {
    }

    /** The router's WAN address as checked: present when the router told it, public when forwarding can work. */
    record Wan(Optional<String> address, boolean isPublic, Check check) {
    }

    private final RouterSource source;
    private final Web web;

    RouterChecks(RouterSource source, Web web) {
        this.source = source;
        this.web = web;
    }

    /**
     * Connects and asks the router for its WAN address: connecting alone may only read a cache, so the question is
     * what proves the router answers.
     */
    Connection connect(Optional<String> gateway) {
        return connect(gateway, Optional.empty());
    }

    /**
     * @param probe a forward to look up when the router will not tell its WAN address: if that works, the router
     *              answers (web-admin profiles often cannot read the WAN address)
     */
    Connection connect(Optional<String> gateway, Optional<Target> probe) {
        String gw = gateway.map(g -> "default gateway " + g).orElse("no default gateway");
        Router router;
        String address;
        try {
            router = source.connect();
        } catch (HomeportException e) {
            if (!routerSide(e)) return notAsked(e);
            return unreachable(gateway, gw, e);
        }
        try {
            address = router.externalAddress();
        } catch (HomeportException e) {
            if (e.kind() == HomeportException.Kind.NO_ROUTER) return unreachable(gateway, gw, e);
            if (!routerSide(e)) return notAsked(e);
            if (e.kind() == HomeportException.Kind.WEB_ADMIN && probe.isPresent()) {
                try {
                    router.find(probe.get().externalPort(), probe.get().protocol());
                } catch (HomeportException again) {
                    return routerSide(again) ? unreachable(gateway, gw, again) : notAsked(again);
                }
            } else if (e.kind() == HomeportException.Kind.WEB_ADMIN) {
                return unreachable(gateway, gw, e);
            }
            return new Connection(Optional.of(router), Check.ok(ROUTER, "", router.describe() + " answers (" + gw + ")"),
                    Optional.empty(), Optional.of(e));
        }
        return new Connection(Optional.of(router), Check.ok(ROUTER, "", router.describe() + " answers (" + gw + ")"),
                Optional.ofNullable(address), Optional.empty());
    }

    /** Whether the failure came from the router (or its absence) rather than from this host (state, config, a bug). */
    private static boolean routerSide(HomeportException e) {
        return switch (e.kind()) {
            case NO_ROUTER, WEB_ADMIN, ROUTER_REFUSED, CONFLICT, NOT_OWNED -> true;
            default -> false;
        };
    }

    private static Connection notAsked(HomeportException e) {
        return new Connection(Optional.empty(), Check.of(ROUTER, "", Status.PROBLEM, "could not ask the router: " + e.getMessage(),
                e.hint().orElse(null)), Optional.empty(), Optional.empty());
    }

    private static Connection unreachable(Optional<String> gateway, String gw, HomeportException e) {
        if (gateway.isEmpty()) {
            return new Connection(Optional.empty(), Check.of(ROUTER, "", Status.PROBLEM,
                    "no router answers and this host has no default gateway: it is not connected to a router",
                    "connect it to the LAN (cable or Wi-Fi) and check 'ip route' shows a default route"), Optional.empty(),
                    Optional.empty());
        }
        String upnp = "turn on UPnP in the router's settings (often under Advanced > UPnP)";
        String web = "let homeport use the router's web admin instead (router: via: web, url and profile in the config;"
                + " see 'homeport profiles')";
        boolean webTried = e.getMessage().contains("web admin") || e.getMessage().contains("web-admin");
        String fix = webTried ? upnp + e.hint().map(h -> "; or, for the web admin: " + h).orElse("")
                : e.hint().map(h -> h.contains("web") ? h : h + "; or " + web).orElse(upnp + ", or " + web);
        return new Connection(Optional.empty(), Check.of(ROUTER, "", Status.PROBLEM,
                "no router answers (" + gw + "): " + e.getMessage(), fix), Optional.empty(), Optional.empty());
    }

    /** Classifies the WAN address the router gave when it answered. */
    Wan wan(Connection connection) {
        if (connection.wanFailure().isPresent()) {
            HomeportException e = connection.wanFailure().get();
            return new Wan(Optional.empty(), false, Check.of(WAN, "", Status.WARNING,
                    "the router did not tell its WAN address: " + e.getMessage(), e.hint().orElse(null)));
        }
        String address = connection.wanAddress().orElse("").strip();
        if (address.isEmpty()) {
            return new Wan(Optional.empty(), false, Check.of(WAN, "", Status.PROBLEM, "the router is connected but does not tell"
                    + " its WAN address: UPnP routers (miniupnpd) hide a WAN address that is private or carrier-grade NAT"
                    + " (100.64.0.0/10), so this router sits behind the ISP's carrier-grade NAT or another router (double NAT)"
                    + " and " + NO_FORWARDING_HELPS, "look at the WAN address on the router's status page: 100.64.x.x-100.127.x.x"
                    + " is carrier-grade NAT, 10.x, 172.16-31.x or 192.168.x is another router in front (forward there too, or"
                    + " put it in bridge mode); then " + OPTIONS));
        }
        if (!Ipv4.isValid(address)) {
            return new Wan(Optional.empty(), false, Check.of(WAN, "", Status.PROBLEM, "the router reports no usable WAN address ('"
                    + address + "'): it is probably not connected to the internet", "check the router's internet connection"));
        }
        Ipv4.Scope scope = Ipv4.scope(address);
        return switch (scope) {
            case PUBLIC -> new Wan(Optional.of(address), true, Check.ok(WAN, "", address + " is public"));
            case CGNAT -> new Wan(Optional.of(address), false, Check.of(WAN, "", Status.PROBLEM,
                    "the router's WAN address " + address + " is carrier-grade NAT (100.64.0.0/10): the ISP shares one public"
                            + " address among many customers, so " + NO_FORWARDING_HELPS, OPTIONS));
            case PRIVATE -> new Wan(Optional.of(address), false, Check.of(WAN, "", Status.PROBLEM,
                    "the router's WAN address " + address + " is private: this router sits behind another router or the ISP's NAT"
                            + " (double NAT), so " + NO_FORWARDING_HELPS + " alone",
                    "forward the port on the upstream router (or the modem) to this router too, or put the modem in bridge mode; "
                            + "otherwise " + OPTIONS));
            default -> new Wan(Optional.of(address), false, Check.of(WAN, "", Status.PROBLEM,
                    "the router's WAN address " + address + " is " + scope.explanation() + ", so " + NO_FORWARDING_HELPS,
                    "check the router's internet connection; if it is up, " + OPTIONS));
        };
    }

    /** The address the internet sees, from an IP-echo URL, compared with the router's WAN address. */
    Optional<String> echo(String url, Optional<Wan> wan, java.util.function.Consumer<Check> out) {
        Web.Fetch f = web.get(url);
        if (!f.answered() || f.status() != 200) {
            out.accept(Check.of(ECHO, "", Status.WARNING, "could not ask " + url + ": "
                    + f.failure().orElse("HTTP " + f.status()), "check ddns.ip-url"));
            return Optional.empty();
        }
        Optional<String> seen = parseEcho(f.body());
        if (seen.isEmpty()) {
            out.accept(Check.of(ECHO, "", Status.WARNING, url + " answered without an IPv4 address", "check ddns.ip-url"));
            return Optional.empty();
        }
        String ip = seen.get();
        Optional<String> w = wan.flatMap(Wan::address);
        if (w.isEmpty()) {
            out.accept(Check.of(ECHO, "", Status.INFO, "the internet sees this network as " + ip, null));
        } else if (w.get().equals(ip)) {
            out.accept(Check.ok(ECHO, "", "the internet sees " + ip + ", the router's WAN address"));
        } else if (wan.get().isPublic()) {
            out.accept(Check.of(ECHO, "", Status.PROBLEM, "the internet sees " + ip + " but the router's WAN address is " + w.get()
                    + ": another NAT, proxy or VPN sits upstream, so " + NO_FORWARDING_HELPS,
                    "if this host uses a VPN, let incoming traffic bypass it; else find the upstream router and forward there too, or "
                            + OPTIONS));
        } else {
            out.accept(Check.of(ECHO, "", Status.INFO, "the internet sees " + ip + " (shared by the ISP's NAT), the router has "
                    + w.get(), null));
        }
        return Optional.of(ip);
    }

    /** The first IPv4 address of an echo answer; Cloudflare's trace format puts it on an {@code ip=} line. */
    static Optional<String> parseEcho(String body) {
        for (String line : body.split("\n")) {
            if (line.startsWith("ip=") && Ipv4.isValid(line.substring(3).strip())) return Optional.of(line.substring(3).strip());
        }
        Matcher m = IPV4.matcher(body);
        while (m.find()) {
            if (Ipv4.isValid(m.group(1))) return Optional.of(m.group(1));
        }
        return Optional.empty();
    }

    /**
     * Does the router forward the target's external port to this host and port?
     *
     * @param host        the address the forward must point at
     * @param fromConfig  true when the target comes from the config (the fix is then 'homeport reassert')
     */
    Check mapping(Router router, Target t, String host, boolean fromConfig) {
        Optional<PortMapping> found;
        try {
            found = router.find(t.externalPort(), t.protocol());
        } catch (HomeportException e) {
            return Check.of(MAPPING, t.key(), Status.WARNING, "the router did not say whether " + t.externalPort() + "/"
                    + t.protocol().label() + " is forwarded: " + e.getMessage(), e.hint().orElse(null));
        }
        String forwardCmd = fromConfig ? "homeport reassert" : "homeport forward --port " + t.port()
                + (t.externalPort() != t.port() ? " --external-port " + t.externalPort() : "")
                + (t.protocol() != dev.homeport.core.Protocol.TCP ? " --protocol " + t.protocol().label() : "");
        String ext = t.externalPort() + "/" + t.protocol().label();
        if (found.isEmpty()) {
            return Check.of(MAPPING, t.key(), Status.PROBLEM, "the router does not forward " + ext + ": no mapping for it",
                    "create it: " + forwardCmd);
        }
        PortMapping m = found.get();
        String shown = ext + " -> " + m.internalClient() + ":" + m.internalPort()
                + (m.description().isEmpty() ? "" : " ('" + m.description() + "')");
        if (!m.internalClient().equals(host)) {
            return Check.of(MAPPING, t.key(), Status.PROBLEM, "the router forwards " + shown + ", another host, not this one ("
                    + host + ")", "remove it on " + m.internalClient() + " ('homeport unforward --port " + t.externalPort()
                    + "' there, or in the router's settings), then " + forwardCmd + "; or use another external port: "
                    + "homeport forward --port " + t.port() + " --external-port " + alternative(t.externalPort()));
        }
        if (m.internalPort() != t.port()) {
            return Check.of(MAPPING, t.key(), Status.PROBLEM, "the router forwards " + shown + ", but the server port is "
                    + t.port(), "homeport unforward --port " + t.externalPort() + ", then " + forwardCmd);
        }
        if (!m.enabled()) {
            return Check.of(MAPPING, t.key(), Status.PROBLEM, "the router has " + shown + " but it is disabled",
                    "enable it in the router's settings, or " + forwardCmd);
        }
        return Check.ok(MAPPING, t.key(), shown + ", " + lease(m.leaseSeconds()));
    }

    private static int alternative(int port) {
        return port < 1024 ? 8000 + port : port == 65535 ? 65534 : port + 1;
    }

    /** {@code lease 6d 23h left}, {@code permanent}. */
    static String lease(long seconds) {
        if (seconds == 0) return "permanent";
        return "lease " + dev.homeport.core.Durations.human(seconds) + " left";
    }
}
