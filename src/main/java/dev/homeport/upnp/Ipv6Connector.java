package dev.homeport.upnp;

import dev.homeport.core.HomeportException;
import dev.homeport.core.Pinholes;
import dev.homeport.net.Ipv6Local;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.net.SocketFactory;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the router's IPv6 firewall control: reads the router's description again over IPv6, at the IPv6 default
 * gateway on the port and path of the IPv4 description, from this host's stable global address, checks it is the same
 * device (UDN), and finds {@code WANIPv6FirewallControl} there. miniupnpd lists relative control URLs, so the control
 * URL it yields is on the router's IPv6 address, and every later request leaves from the stable address (miniupnpd
 * compares the sender with the pinhole's internal client).
 */
public final class Ipv6Connector {
    private static final Logger LOG = LoggerFactory.getLogger(Ipv6Connector.class);
    /** Stands for a link-local gateway in URLs (OkHttp URLs carry no zone id); {@link #dns} resolves it. */
    private static final String LINK_LOCAL_HOST = "router6.homeport.invalid";

    private Ipv6Connector() {
    }

    /**
     * What was found: the pinhole control when usable, this host's stable global address when it has one, and why
     * there are no pinholes otherwise.
     */
    public record Lookup(Optional<Pinholes> pinholes, Optional<String> address, String reason) {
    }

    /** Looks for the IPv6 firewall control of {@code gateway}; never throws for an answer the user can act on. */
    public static Lookup find(OkHttpClient http, Gateway gateway, Ipv6Local local) {
        Optional<String> stable = local.stableGlobal();
        if (stable.isEmpty()) {
            return new Lookup(Optional.empty(), stable, "this host has no stable global IPv6 address");
        }
        Optional<Ipv6Local.Gateway> gw = local.defaultGateway();
        if (gw.isEmpty()) return new Lookup(Optional.empty(), stable, "this host has no IPv6 default route");
        try {
            OkHttpClient bound = bound(http, stable.get(), gw.get());
            URI v4 = URI.create(gateway.descriptionUrl());
            String host = gw.get().linkLocal() ? LINK_LOCAL_HOST : "[" + gw.get().address() + "]";
            String url = "http://" + host + ":" + (v4.getPort() > 0 ? v4.getPort() : 80) + v4.getRawPath();
            DeviceDescription d = new DescriptionFetcher(bound).fetch(url);
            if (!gateway.udn().isEmpty() && !d.root().udn().equalsIgnoreCase(gateway.udn())) {
                return new Lookup(Optional.empty(), stable, "the IPv6 gateway " + gw.get().address()
                        + " is another device than the UPnP router");
            }
            Optional<DeviceDescription.Service> s = firewall(d.root());
            if (s.isEmpty()) {
                return new Lookup(Optional.empty(), stable, "the router offers no IPv6 firewall control (WANIPv6FirewallControl)");
            }
            if (!Gateway.host(s.get().controlUrl()).equals(Gateway.host(url))) {
                return new Lookup(Optional.empty(), stable, "the router's IPv6 firewall control URL is on another host (refused)");
            }
            UpnpPinholes p = new UpnpPinholes(bound, s.get().controlUrl(), s.get().serviceType(),
                    gateway.describe().replaceFirst("^UPnP IGD:[0-9]+ on ", ""));
            UpnpPinholes.Status st = p.status();
            if (!st.inboundAllowed()) {
                return new Lookup(Optional.empty(), stable, "the router's IPv6 firewall does not allow inbound pinholes");
            }
            return new Lookup(Optional.of(p), stable, "");
        } catch (HomeportException e) {
            LOG.debug("no IPv6 firewall control: {}", e.getMessage());
            return new Lookup(Optional.empty(), stable, "the router does not answer UPnP over IPv6 (" + e.getMessage() + ")");
        } catch (IllegalArgumentException | IOException e) {
            return new Lookup(Optional.empty(), stable, "the router cannot be reached over IPv6 (" + e.getMessage() + ")");
        }
    }

    private static Optional<DeviceDescription.Service> firewall(DeviceDescription.Device root) {
        Deque<DeviceDescription.Device> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            DeviceDescription.Device d = todo.pop();
            for (DeviceDescription.Service s : d.services()) {
                if (s.serviceType().startsWith("urn:schemas-upnp-org:service:WANIPv6FirewallControl:")) return Optional.of(s);
            }
            todo.addAll(d.devices());
        }
        return Optional.empty();
    }

    /** A client whose connections leave from {@code source}, reaching a link-local gateway through its interface. */
    static OkHttpClient bound(OkHttpClient http, String source, Ipv6Local.Gateway gw) throws IOException {
        InetAddress from = InetAddress.getByName(source);
        OkHttpClient.Builder b = http.newBuilder().socketFactory(new BoundSocketFactory(from));
        if (gw.linkLocal()) b.dns(dns(gw));
        return b.build();
    }

    private static Dns dns(Ipv6Local.Gateway gw) throws IOException {
        NetworkInterface nic = NetworkInterface.getByName(gw.iface());
        if (nic == null) throw new SocketException("no interface " + gw.iface());
        Inet6Address target = Inet6Address.getByAddress(null, InetAddress.getByName(gw.address()).getAddress(), nic);
        return hostname -> {
            if (hostname.equals(LINK_LOCAL_HOST)) return List.of(target);
            throw new UnknownHostException(hostname + " (only the router is reached over IPv6)");
        };
    }

    /** Binds every socket to one local address before OkHttp connects it. */
    private static final class BoundSocketFactory extends SocketFactory {
        private final InetAddress local;

        BoundSocketFactory(InetAddress local) {
            this.local = local;
        }

        @Override
        public Socket createSocket() throws IOException {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(local, 0));
            return s;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new SocketException("unconnected sockets only");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw new SocketException("unconnected sockets only");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw new SocketException("unconnected sockets only");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            throw new SocketException("unconnected sockets only");
        }
    }
}
