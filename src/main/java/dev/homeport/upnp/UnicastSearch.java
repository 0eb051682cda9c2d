package dev.homeport.upnp;

import dev.homeport.core.HomeportException;
import dev.homeport.net.Ipv4;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a router that multicast SSDP cannot reach (the outer router of a double NAT) by a unicast M-SEARCH to
 * {@code candidate:1900} (UDA 1.1: {@code HOST: ip:port}). Measured: the outer's miniupnpd answers through the inner
 * router's UDP conntrack in ~50 ms (docs/double-nat.md).
 *
 * <p>Trust rules as in discovery: only a datagram from {@code candidate:1900} counts, its LOCATION must be on
 * {@code candidate} itself (the description comes from the address that answered), the description is fetched
 * bounded and parsed without DTDs, and a device with the inner router's UDN is not a second router.
 */
public final class UnicastSearch {
    private static final Logger LOG = LoggerFactory.getLogger(UnicastSearch.class);
    private static final int SSDP_PORT = 1900;
    private static final String IGD1 = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";
    private static final int MAX_DATAGRAM = 2048;
    private static final int MAX_DATAGRAMS = 32;

    private final OkHttpClient http;

    public UnicastSearch(OkHttpClient http) {
        this.http = http;
    }

    /** The text of the M-SEARCH sent to {@code host}. */
    static String request(String host) {
        return "M-SEARCH * HTTP/1.1\r\nHOST: " + host + ":" + SSDP_PORT + "\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: "
                + IGD1 + "\r\n\r\n";
    }

    /**
     * The LOCATION a datagram from {@code from} gives, when it is an IGD search answer on {@code candidate}'s own
     * address: anything else (another sender, another host in LOCATION, not an answer) is ignored.
     */
    static Optional<String> acceptedLocation(String candidate, InetSocketAddress from, byte[] data, int length) {
        if (from.getPort() != SSDP_PORT || !candidate.equals(from.getAddress().getHostAddress())) return Optional.empty();
        return SsdpResponse.parse(data, 0, length)
                .filter(r -> r.status() == 200)
                .filter(SsdpResponse::aboutIgd)
                .map(SsdpResponse::location)
                .filter(l -> hostOf(l).map(candidate::equals).orElse(false));
    }

    /**
     * Searches {@code candidate} and, when it answers, reads its description.
     *
     * @param candidate  an IPv4 address (hop 2, or .1 of the inner router's WAN subnet)
     * @param innerUdn   the inner router's UDN: the same device answering again is not an outer router
     * @param localAddr  this host's address towards {@code candidate}
     * @param timeout    how long to wait for an answer (the whole search; the description has its own bound)
     * @return empty when nothing usable answered in time
     */
    public Optional<Gateway> find(String candidate, String innerUdn, String localAddr, Duration timeout) {
        if (!Ipv4.isValid(candidate)) return Optional.empty();
        Optional<String> location;
        try {
            location = search(candidate, timeout);
        } catch (UncheckedIOException e) {
            LOG.debug("unicast M-SEARCH to {} failed: {}", candidate, e.getMessage());
            return Optional.empty();
        }
        if (location.isEmpty()) return Optional.empty();
        try {
            DeviceDescription d = new DescriptionFetcher(http, Duration.ofSeconds(4)).fetch(location.get());
            Optional<Gateway> g = GatewaySelector.choose(d, localAddr).gateway();
            if (g.isPresent() && !innerUdn.isEmpty() && innerUdn.equalsIgnoreCase(g.get().udn())) {
                LOG.debug("{} is the inner router itself (same UDN)", candidate);
                return Optional.empty();
            }
            return g;
        } catch (HomeportException e) {
            LOG.debug("outer router candidate {}: {}", candidate, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> search(String candidate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket()) {
            InetAddress to = InetAddress.getByName(candidate);
            byte[] out = request(candidate).getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(out, out.length, to, SSDP_PORT));
            byte[] buf = new byte[MAX_DATAGRAM];
            for (int i = 0; i < MAX_DATAGRAMS; i++) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) return Optional.empty();
                socket.setSoTimeout((int) Math.max(1, left));
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    return Optional.empty();
                }
                Optional<String> l = acceptedLocation(candidate, (InetSocketAddress) in.getSocketAddress(), buf, in.getLength());
                if (l.isPresent()) return l;
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> hostOf(String url) {
        try {
            return Optional.of(Gateway.host(url));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
