package dev.homeport.upnp;

import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.Pinhole;
import dev.homeport.core.PinholeResult;
import dev.homeport.core.Pinholes;
import dev.homeport.core.Protocol;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * Inbound IPv6 pinholes through IGD:2 {@code WANIPv6FirewallControl}. Every request leaves from the host's stable
 * global address ({@link Ipv6Connector} binds it): miniupnpd authorizes AddPinhole, UpdatePinhole and DeletePinhole
 * only when the sender is the pinhole's internal client, and answers 606 to a request over IPv4 or from a temporary
 * address. It also refuses internal ports below 1024 with 606 (IGD:2 recommends so for unauthenticated clients).
 * Ids are the router's UniqueID prefixed {@code upnp:}.
 */
public final class UpnpPinholes implements Pinholes {
    static final String SERVICE = "urn:schemas-upnp-org:service:WANIPv6FirewallControl:1";
    private static final String PREFIX = "upnp:";

    private final SoapClient soap;
    private final String describe;

    UpnpPinholes(OkHttpClient boundHttp, String controlUrl, String serviceType, String routerName) {
        this.soap = new SoapClient(boundHttp, controlUrl, serviceType);
        this.describe = "UPnP IGD:2 IPv6 firewall on " + routerName;
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public boolean issued(Pinhole pinhole) {
        return ours(pinhole);
    }

    /** GetFirewallStatus: whether the firewall is on and allows inbound pinholes at all. */
    record Status(boolean firewallEnabled, boolean inboundAllowed) {
    }

    Status status() {
        Map<String, String> out = soap.call("GetFirewallStatus", List.of());
        return new Status(!"0".equals(out.getOrDefault("FirewallEnabled", "1").strip()),
                !"0".equals(out.getOrDefault("InboundPinholeAllowed", "1").strip()));
    }

    @Override
    public PinholeResult open(Pinhole wanted) {
        try {
            Map<String, String> out = soap.call("AddPinhole", List.of(
                    new SoapClient.Arg("RemoteHost", ""),
                    new SoapClient.Arg("RemotePort", "0"),
                    new SoapClient.Arg("InternalClient", wanted.internalClient()),
                    new SoapClient.Arg("InternalPort", Integer.toString(wanted.port())),
                    new SoapClient.Arg("Protocol", protocolNumber(wanted.protocol())),
                    new SoapClient.Arg("LeaseTime", Long.toString(wanted.leaseSeconds()))));
            String id = out.getOrDefault("UniqueID", "").strip();
            if (!id.matches("[0-9]{1,5}")) {
                throw UpnpException.of(Kind.ROUTER_REFUSED, "the router answered AddPinhole without a usable UniqueID ('"
                        + id.replaceAll("\\p{Cntrl}", "?") + "')", "report this router model", "");
            }
            return new PinholeResult.Opened(wanted.withId(PREFIX + id));
        } catch (UpnpException e) {
            if (!e.code().isPresent()) throw e;
            return refusal(wanted, e.code().getAsInt()).orElseThrow(() -> e);
        }
    }

    private static java.util.Optional<PinholeResult> refusal(Pinhole wanted, int code) {
        String err = " (UPnP error " + code + ")";
        return java.util.Optional.ofNullable(switch (code) {
            case 606 -> wanted.port() < 1024
                    ? new PinholeResult.Refused("the router refuses IPv6 pinholes for ports below 1024 over UPnP" + err,
                    "turn PCP on in the router (homeport then opens it with a PCP MAP over IPv6), serve on a port of 1024"
                            + " or more (e.g. --port " + (wanted.port() + 8000) + "), or open the pinhole in the router's admin page",
                    code)
                    : new PinholeResult.Refused("the router did not authorize a pinhole to " + wanted.internalClient() + err,
                    "the request must come from that address itself: run homeport on the host it belongs to", code);
            case 701 -> new PinholeResult.Refused("the router has no room for another pinhole" + err,
                    "close pinholes you no longer need", code);
            case 702 -> new PinholeResult.Refused("the router's IPv6 firewall is disabled" + err
                    + ": inbound IPv6 is not filtered, no pinhole is needed", "", code);
            case 703 -> new PinholeResult.Refused("the router does not allow inbound pinholes" + err,
                    "allow them in the router's IPv6 firewall settings", code);
            case 705 -> new PinholeResult.Refused("the router does not support " + wanted.protocol().label()
                    + " pinholes" + err, "", code);
            default -> null;
        });
    }

    @Override
    public boolean renew(Pinhole pinhole) {
        if (!ours(pinhole)) return false;
        try {
            soap.call("UpdatePinhole", List.of(new SoapClient.Arg("UniqueID", number(pinhole)),
                    new SoapClient.Arg("NewLeaseTime", Long.toString(pinhole.leaseSeconds()))));
            return true;
        } catch (UpnpException e) {
            if (gone(e)) return false;
            throw e;
        }
    }

    @Override
    public Closed close(Pinhole pinhole) {
        if (!ours(pinhole)) return Closed.ABSENT;
        try {
            soap.call("DeletePinhole", List.of(new SoapClient.Arg("UniqueID", number(pinhole))));
            return Closed.CLOSED;
        } catch (UpnpException e) {
            if (gone(e)) return Closed.ABSENT;
            throw e;
        }
    }

    @Override
    public boolean exists(Pinhole pinhole) {
        if (!ours(pinhole)) return false;
        try {
            soap.call("CheckPinholeWorking", List.of(new SoapClient.Arg("UniqueID", number(pinhole))));
            return true;
        } catch (UpnpException e) {
            // 709 NoTrafficReceived: the pinhole is there, nothing came through it yet.
            if (e.hasCode(709)) return true;
            if (gone(e)) return false;
            throw e;
        }
    }

    /**
     * Whether an error about a well-formed UniqueID means the router no longer has that pinhole: 704 NoSuchEntry as the
     * spec says; 606 when the id now belongs to another host's pinhole (ids restart from 1 after a reboot); and 402,
     * because miniupnpd 2.3.1's nftables backend never reports 704: looking up a missing id leaves the internal client
     * unset and the authorization check fails as "Invalid Args" (measured in the lab after a router reboot).
     */
    private static boolean gone(UpnpException e) {
        return e.hasCode(704) || e.hasCode(606) || e.hasCode(402);
    }

    private static boolean ours(Pinhole p) {
        return p.id().startsWith(PREFIX) && p.id().substring(PREFIX.length()).matches("[0-9]{1,5}");
    }

    private static String number(Pinhole p) {
        return p.id().substring(PREFIX.length());
    }

    /** IANA protocol numbers, as WANIPv6FirewallControl wants them. */
    static String protocolNumber(Protocol p) {
        return p == Protocol.TCP ? "6" : "17";
    }
}
