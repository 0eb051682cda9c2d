package dev.homeport.pcp;

import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PCP client (RFC 6887) for one gateway: MAP (create, renew, delete) and ANNOUNCE. Works for IPv4 mappings (a NAT
 * port forwarding) and IPv6 ones (an inbound pinhole in the router's firewall: miniupnpd opens one for a MAP whose
 * internal address is IPv6, also below port 1024). Every answer's epoch is kept, and an unsolicited ANNOUNCE arriving
 * during an exchange is noted ({@link #lastEpoch()}), so a caller can notice a router restart.
 *
 * <pre>{@code
 * // An IPv6 pinhole for port 443 of this host, asked of the router's IPv6 address:
 * PcpClient pcp = PcpClient.forGateway(new InetSocketAddress(routerV6, PcpClient.PORT), Optional.of(myV6), Clock.systemUTC());
 * PcpClient.Mapping m = pcp.map(PcpClient.MapRequest.pinhole(myV6, Protocol.TCP, 443, 7200, Nonce.random(rng)));
 * pcp.delete(m.request());   // the same nonce, or the router refuses
 * }</pre>
 */
public final class PcpClient {
    /** The PCP (and NAT-PMP) server port on the gateway. */
    public static final int PORT = 5351;
    private static final Logger LOG = LoggerFactory.getLogger(PcpClient.class);

    private final Transport transport;
    private final Schedule schedule;
    private final Clock clock;
    private final InetAddress clientAddress;
    private Optional<Epoch> lastEpoch = Optional.empty();

    PcpClient(Transport transport, InetAddress clientAddress, Schedule schedule, Clock clock) {
        this.transport = transport;
        this.clientAddress = clientAddress;
        this.schedule = schedule;
        this.clock = clock;
    }

    /**
     * A client for the PCP server at {@code server}, sending from {@code local} (or the address the kernel picks for
     * the gateway). PCP requires the client address in the request to be the packet's source, so for an IPv6 pinhole
     * pass the IPv6 address the pinhole is for.
     *
     * @throws PortControlException (NO_ROUTER) when no route leads to the gateway
     */
    public static PcpClient forGateway(InetSocketAddress server, Optional<InetAddress> local, Clock clock) {
        UdpTransport t = new UdpTransport(server, local);
        return new PcpClient(t, local.orElseGet(t::localAddress), Schedule.PCP, clock);
    }

    /** The address this client says it is (the header's client address). */
    public InetAddress clientAddress() {
        return clientAddress;
    }

    /** The gateway, as {@code address:port}. */
    public String server() {
        return transport.server();
    }

    /** The router's epoch from the last answer (or unsolicited ANNOUNCE) seen. */
    public synchronized Optional<Epoch> lastEpoch() {
        return lastEpoch;
    }

    /**
     * What to map: {@code internalAddress} is the host the traffic goes to (it must be this host's address the
     * request is sent from); lifetime 0 deletes.
     */
    public record MapRequest(InetAddress internalAddress, Protocol protocol, int internalPort, int suggestedExternalPort,
                             Optional<InetAddress> suggestedExternalAddress, long lifetime, Nonce nonce) {
        public MapRequest {
            Objects.requireNonNull(internalAddress, "internalAddress");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(suggestedExternalAddress, "suggestedExternalAddress");
            Objects.requireNonNull(nonce, "nonce");
            PortMapping.checkPort("internalPort", internalPort);
            if (suggestedExternalPort < 0 || suggestedExternalPort > 65535) {
                throw new IllegalArgumentException("suggestedExternalPort (" + suggestedExternalPort + ") must be 0..65535");
            }
            if (lifetime < 0 || lifetime > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("lifetime (" + lifetime + ") must be 0..4294967295");
            }
        }

        /** An IPv6 inbound pinhole: the same port outside as inside. */
        public static MapRequest pinhole(Inet6Address internal, Protocol protocol, int port, long lifetime, Nonce nonce) {
            return new MapRequest(internal, protocol, port, port, Optional.empty(), lifetime, nonce);
        }

        /** The same request with another lifetime (0 to delete). */
        public MapRequest withLifetime(long seconds) {
            return new MapRequest(internalAddress, protocol, internalPort, suggestedExternalPort, suggestedExternalAddress, seconds, nonce);
        }

        String key() {
            return suggestedExternalPort + "/" + protocol.label();
        }
    }

    /** What the router granted: the external port and address, the lifetime, and its epoch then. */
    public record Mapping(MapRequest request, int externalPort, InetAddress externalAddress, long lifetime, Epoch epoch) {
    }

    /**
     * ANNOUNCE: is a PCP server there, and what is its epoch.
     *
     * @throws PortControlException NO_ROUTER when nothing answers; ROUTER_REFUSED with result code 1 when the gateway
     *                              speaks only NAT-PMP ({@link PortControlException#pcpUnsupported()})
     */
    public Epoch announce() {
        byte[] answer = exchange(PcpCodec.announce(clientAddress), "ANNOUNCE",
                d -> PcpCodec.header(d, PcpCodec.OPCODE_ANNOUNCE).isPresent());
        PcpCodec.Header h = PcpCodec.header(answer, PcpCodec.OPCODE_ANNOUNCE).orElseThrow();
        checkVersion(h, "ANNOUNCE");
        if (h.resultCode() != 0) throw ResultCodes.pcp(h.resultCode(), "ANNOUNCE", server());
        return observe(h.epochSeconds());
    }

    /**
     * MAP: creates or renews (the same nonce) a mapping.
     *
     * @throws PortControlException on no answer (NO_ROUTER), a result code (ROUTER_REFUSED, its code kept), or a
     *                              NAT-PMP-only gateway ({@link PortControlException#pcpUnsupported()})
     */
    public Mapping map(MapRequest r) {
        if (r.lifetime() == 0) throw new IllegalArgumentException("lifetime 0 deletes: use delete()");
        PcpCodec.MapAnswer a = mapExchange(r);
        String what = "MAP " + r.key();
        checkVersion(a.header(), what);
        if (a.header().resultCode() != 0) throw ResultCodes.pcp(a.header().resultCode(), what, server());
        Epoch e = observe(a.header().epochSeconds());
        return new Mapping(r, a.externalPort(), a.externalAddress().orElseThrow(), a.header().lifetime(), e);
    }

    /**
     * Deletes the mapping {@code r} made (lifetime 0 with its nonce).
     *
     * @return the router's epoch
     * @throws PortControlException when the router refuses (NOT_AUTHORIZED for another nonce) or does not answer
     */
    public Epoch delete(MapRequest r) {
        PcpCodec.MapAnswer a = mapExchange(r.withLifetime(0));
        String what = "delete " + r.key();
        checkVersion(a.header(), what);
        if (a.header().resultCode() != 0) throw ResultCodes.pcp(a.header().resultCode(), what, server());
        return observe(a.header().epochSeconds());
    }

    private PcpCodec.MapAnswer mapExchange(MapRequest r) {
        byte[] nonce = r.nonce().bytes();
        byte[] req = PcpCodec.map(clientAddress, nonce, r.protocol(), r.internalPort(), r.suggestedExternalPort(),
                r.suggestedExternalAddress(), r.lifetime());
        byte[] answer = exchange(req, "MAP " + r.key(), d -> PcpCodec.mapAnswer(d, nonce, r.protocol(), r.internalPort()).isPresent());
        return PcpCodec.mapAnswer(answer, nonce, r.protocol(), r.internalPort()).orElseThrow();
    }

    private byte[] exchange(byte[] request, String what, java.util.function.Predicate<byte[]> matches) {
        return transport.exchange(request, schedule, d -> {
            if (matches.test(d)) return true;
            // An unsolicited ANNOUNCE (RFC 6887 §14.1.3) while waiting: the router restarted or changed; note its epoch.
            PcpCodec.header(d, PcpCodec.OPCODE_ANNOUNCE).filter(h -> h.version() == PcpCodec.VERSION && h.resultCode() == 0)
                    .ifPresent(h -> {
                        LOG.info("router {} announced itself (epoch {}s)", server(), h.epochSeconds());
                        observe(h.epochSeconds());
                    });
            return false;
        }).orElseThrow(() -> PortControlException.noAnswer("PCP " + what, server(), "no answer within "
                + schedule.budget().toSeconds() + " s"));
    }

    private void checkVersion(PcpCodec.Header h, String what) {
        if (h.version() == PcpCodec.VERSION) return;
        if (h.version() == 0 || h.resultCode() == ResultCodes.PCP_UNSUPP_VERSION) {
            throw new PortControlException(Kind.ROUTER_REFUSED, "the router (" + server() + ") does not speak PCP"
                    + (h.version() == 0 ? " (it answered in NAT-PMP)" : " version 2 (it offers version " + h.version() + ")"),
                    "use --via natpmp", server(), Optional.of(ResultCodes.PCP_UNSUPP_VERSION));
        }
        throw new PortControlException(Kind.ROUTER_REFUSED, "the router (" + server() + ") answered PCP " + what + " in version "
                + h.version(), "use --via natpmp or --via upnp", server(), Optional.empty());
    }

    private synchronized Epoch observe(long seconds) {
        Epoch e = new Epoch("pcp", seconds, clock.instant());
        lastEpoch = Optional.of(e);
        return e;
    }
}
