package dev.homeport.upnp;

import dev.homeport.net.LocalNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One multicast M-SEARCH for an Internet Gateway Device, and the answers {@link SsdpGuard} believes, collected on a
 * daemon thread. It can be started before anything else in the process ({@code cli/Main} does, for a command that
 * will discover): the router answers while the JVM still loads the rest of homeport. {@link SsdpDiscovery} reads it.
 */
public final class SsdpSearch implements AutoCloseable {
    private static final String IGD1 = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";
    private static final int SSDP_PORT = 1900;
    private static final int MAX_DATAGRAM = 2048;

    /** A believed answer: who sent it, where its description is, and whether it came from the default gateway. */
    record Answer(String responder, String st, String location, boolean preferred) {
    }

    private final MulticastSocket socket;
    private final DatagramPacket search;
    private final SsdpGuard guard;
    private final Optional<String> preferred;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean taken = new AtomicBoolean();
    private final long sentAt;

    private SsdpSearch(MulticastSocket socket, DatagramPacket search, SsdpGuard guard, Optional<String> preferred) throws IOException {
        this.socket = socket;
        this.search = search;
        this.guard = guard;
        this.preferred = preferred;
        socket.send(search);
        this.sentAt = System.nanoTime();
        Thread receiver = new Thread(this::receive, "ssdp-receive");
        receiver.setDaemon(true);
        receiver.start();
    }

    /** The text of the multicast M-SEARCH (MX 1: the router answers within a second). */
    static String request() {
        return "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: " + IGD1 + "\r\n\r\n";
    }

    /**
     * Sends the search from this host's address towards the default gateway, out of that interface (the search goes
     * where the router is, not out of a VPN or a container bridge); from anywhere when there is no route.
     *
     * @return empty when no socket could be opened or the datagram not sent (discovery then finds nothing, and says so)
     */
    public static Optional<SsdpSearch> start(LocalNetwork network) {
        Optional<String> preferred = network.defaultGateway();
        Optional<String> source = Optional.empty();
        try {
            source = preferred.map(network::sourceAddressFor);
        } catch (UncheckedIOException e) {
            log().debug("no source address towards {}: {}", preferred.orElse("?"), e.getMessage());
        }
        MulticastSocket socket = null;
        try {
            socket = new MulticastSocket(source.isPresent()
                    ? new InetSocketAddress(InetAddress.getByName(source.get()), 0) : new InetSocketAddress(0));
            configure(socket, source);
            byte[] text = request().getBytes(StandardCharsets.US_ASCII);
            DatagramPacket out = new DatagramPacket(text, text.length, InetAddress.getByName("239.255.255.250"), SSDP_PORT);
            return Optional.of(new SsdpSearch(socket, out, new SsdpGuard(network::isOnLocalSubnet), preferred));
        } catch (IOException e) {
            log().debug("SSDP search could not be sent: {}", e.toString());
            if (socket != null) socket.close();
            return Optional.empty();
        }
    }

    private static void configure(MulticastSocket socket, Optional<String> source) throws IOException {
        try {
            socket.setTimeToLive(2); // UDA 1.1: SSDP's TTL defaults to 2
            if (source.isPresent()) {
                NetworkInterface nif = NetworkInterface.getByInetAddress(InetAddress.getByName(source.get()));
                if (nif != null) socket.setNetworkInterface(nif);
            }
        } catch (SocketException e) {
            log().debug("multicast interface not set: {}", e.toString());
        }
    }

    /** True for the first caller only: one search serves one discovery. */
    boolean take() {
        return !taken.getAndSet(true) && !socket.isClosed();
    }

    /** When the search left ({@link System#nanoTime()}): the discovery window starts there. */
    long sentAt() {
        return sentAt;
    }

    SsdpGuard guard() {
        return guard;
    }

    Optional<String> preferred() {
        return preferred;
    }

    /** {@link Answer}s as they come, and whatever the reader adds itself (its fetch results). */
    BlockingQueue<Object> events() {
        return events;
    }

    /** Sends the search again (a datagram lost on Wi-Fi). */
    void resend() {
        try {
            socket.send(search);
        } catch (IOException e) {
            log().debug("SSDP search resend failed: {}", e.toString());
        }
    }

    /** Reads answers until the socket is closed; only those the guard believes become events. */
    private void receive() {
        byte[] buf = new byte[MAX_DATAGRAM];
        while (!socket.isClosed()) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
            } catch (IOException e) {
                return;
            }
            String responder = in.getAddress().getHostAddress();
            Optional<SsdpResponse> r = SsdpResponse.parse(in.getData(), in.getOffset(), in.getLength()).filter(x -> x.status() == 200);
            if (r.isEmpty()) continue;
            // Refusals are kept by the guard (discover and -v show them); nothing is logged here, so an early search
            // never initialises logging on its own.
            if (guard.check(responder, r.get()).isPresent()) continue;
            events.add(new Answer(responder, r.get().st(), r.get().location().strip(), preferred.map(responder::equals).orElse(false)));
        }
    }

    /** Looked up when needed: the search may start before logging is configured, and must not configure it. */
    private static Logger log() {
        return LoggerFactory.getLogger(SsdpSearch.class);
    }

    @Override
    public void close() {
        socket.close();
    }
}
