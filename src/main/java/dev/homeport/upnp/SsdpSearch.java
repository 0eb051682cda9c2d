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
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
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

    /**
     * A believed answer: who sent it, where its description is, whether it came from the default gateway, and whether
     * its description is being read already (a {@link Described} follows).
     */
    record Answer(String responder, String st, String location, boolean preferred, boolean prefetched) {
    }

    /** A description read and judged: the gateway it offers, or why not. */
    record Described(String location, Optional<Discovery.Found> found, String reason) {
    }

    /** What reading descriptions may take beyond the search window (as with jUPnP: window + 1.5 s in all). */
    static final long FETCH_MILLIS = 1500;
    /** The most reading the default gateway's description at the start may take (a description that drips). */
    private static final long PREFETCH_MILLIS = 4500;

    private final MulticastSocket socket;
    private final DatagramPacket search;
    private final SsdpGuard guard;
    private final Optional<String> preferred;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean taken = new AtomicBoolean();
    private final AtomicBoolean prefetching = new AtomicBoolean();
    private final LocalNetwork network;
    private final Optional<CompletableFuture<OkHttpClient>> client;
    private final long sentAt;

    private SsdpSearch(MulticastSocket socket, DatagramPacket search, LocalNetwork network, Optional<String> preferred,
                       Optional<CompletableFuture<OkHttpClient>> client) throws IOException {
        this.socket = socket;
        this.search = search;
        this.network = network;
        this.guard = new SsdpGuard(network::isOnLocalSubnet);
        this.preferred = preferred;
        this.client = client;
        socket.send(search);
        this.sentAt = System.nanoTime();
        daemon("ssdp-receive", this::receive);
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
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
        return start(network, Optional.empty());
    }

    /**
     * Like {@link #start(LocalNetwork)}, with the HTTP client {@code client} completes (being built on another thread
     * meanwhile): the default gateway's description is read with it as soon as the gateway answers (with the same
     * bounds and guards as {@link SsdpDiscovery}'s reads). {@link #client()} hands that client on: one client for the
     * whole run.
     */
    public static Optional<SsdpSearch> start(LocalNetwork network, Optional<CompletableFuture<OkHttpClient>> client) {
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
            return Optional.of(new SsdpSearch(socket, out, network, preferred, client));
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

    /** The HTTP client built by {@link #start(LocalNetwork, Optional)}, once built; empty when none was or it failed. */
    public Optional<OkHttpClient> client() {
        try {
            return client.map(CompletableFuture::join);
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return Optional.empty();
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
            String location = r.get().location().strip();
            boolean fromGateway = preferred.map(responder::equals).orElse(false);
            boolean prefetch = fromGateway && client.isPresent() && prefetching.compareAndSet(false, true);
            events.add(new Answer(responder, r.get().st(), location, fromGateway, prefetch));
            if (prefetch) {
                // Its own bound (the discovery that reads the result keeps its deadline): the JVM may still be starting.
                daemon("ssdp-gateway", () -> events.add(client()
                        .map(c -> describe(c, network, location, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PREFETCH_MILLIS)))
                        .orElseGet(() -> new Described(location, Optional.empty(), "no HTTP client"))));
            }
        }
    }

    /** Reads and judges one description; a failure is a reason, never an exception (it runs on its own thread). */
    static Described describe(OkHttpClient http, LocalNetwork network, String location, long hardEnd) {
        long left = TimeUnit.NANOSECONDS.toMillis(hardEnd - System.nanoTime());
        if (left < 50) return new Described(location, Optional.empty(), "discovery budget spent before it was read");
        try {
            DeviceDescription d = new DescriptionFetcher(http, Duration.ofMillis(left)).fetch(location);
            GatewaySelector.Choice c = GatewaySelector.choose(d, network.sourceAddressFor(Gateway.host(location)));
            return new Described(location, c.gateway().map(g -> new Discovery.Found(g, c.wanServices())), c.reason());
        } catch (UpnpException | UncheckedIOException | IllegalArgumentException e) {
            return new Described(location, Optional.empty(), e.getMessage());
        } catch (RuntimeException e) {
            return new Described(location, Optional.empty(), "unreadable: " + e);
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
