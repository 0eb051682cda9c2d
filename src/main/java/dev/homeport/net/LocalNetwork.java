package dev.homeport.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * This host's view of its LAN: the IPv4 default gateway (from {@code /proc/net/route}), the local address that
 * reaches a given host, and the directly attached subnets.
 */
public final class LocalNetwork {
    private final Path procNetRoute;

    /** @param procNetRoute normally {@code /proc/net/route}; injected for tests */
    public LocalNetwork(Path procNetRoute) {
        this.procNetRoute = procNetRoute;
    }

    public static LocalNetwork system() {
        return new LocalNetwork(Path.of("/proc/net/route"));
    }

    /** The IPv4 default gateway, if the routing table has one. */
    public Optional<String> defaultGateway() {
        try {
            for (String[] f : ProcTable.rows(procNetRoute)) {
                if (f.length > 3 && f[1].equals("00000000") && !f[2].equals("00000000")) {
                    long le = Long.parseLong(f[2], 16);
                    return Optional.of((le & 0xFF) + "." + ((le >> 8) & 0xFF) + "." + ((le >> 16) & 0xFF) + "." + ((le >> 24) & 0xFF));
                }
            }
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The local IPv4 address the kernel would use to reach {@code host}. Connecting a UDP socket sends nothing; it
     * only asks the routing table.
     *
     * @throws UncheckedIOException when no route leads there
     */
    public String sourceAddressFor(String host) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(host), 9));
            InetAddress local = s.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                throw new UncheckedIOException(new IOException("no route to " + host));
            }
            return local.getHostAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Directly attached IPv4 subnets as {@code address/prefix}, loopback excluded. */
    public List<Subnet> subnets() {
        List<Subnet> out = new ArrayList<>();
        try {
            Enumeration<NetworkInterface> nics = NetworkInterface.getNetworkInterfaces();
            while (nics != null && nics.hasMoreElements()) {
                NetworkInterface nic = nics.nextElement();
                if (!nic.isUp() || nic.isLoopback()) continue;
                for (InterfaceAddress ia : nic.getInterfaceAddresses()) {
                    if (ia.getAddress() instanceof Inet4Address) {
                        out.add(new Subnet(nic.getName(), ia.getAddress().getHostAddress(), ia.getNetworkPrefixLength()));
                    }
                }
            }
        } catch (SocketException e) {
            return out;
        }
        return out;
    }

    /** True when {@code address} is on one of this host's attached subnets. */
    public boolean isOnLocalSubnet(String address) {
        return subnets().stream().anyMatch(s -> Ipv4.sameSubnet(s.address(), address, s.prefix()));
    }

    /** True when {@code address} is one of this host's own addresses. */
    public boolean isOwnAddress(String address) {
        return subnets().stream().anyMatch(s -> s.address().equals(address));
    }

    /** One attached IPv4 network. */
    public record Subnet(String interfaceName, String address, int prefix) {
        public Subnet {
            if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix (" + prefix + ") must be 0..32");
        }
    }
}
