package dev.homeport.pcp;

import dev.homeport.core.Protocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;

/**
 * A NAT-PMP client (RFC 6886) for one gateway: the external address, and mappings for this host (the gateway maps to
 * the request's source address; there is no way to name another host). A mapping is deleted by asking for it again
 * with lifetime 0.
 */
public final class NatPmpClient {
    private final Transport transport;
    private final Schedule schedule;
    private final Clock clock;
    private Optional<Epoch> lastEpoch = Optional.empty();

    NatPmpClient(Transport transport, Schedule schedule, Clock clock) {
        this.transport = transport;
        this.schedule = schedule;
        this.clock = clock;
    }

    /** A client for the gateway's port 5351. */
    public static NatPmpClient forGateway(InetAddress gateway, Clock clock) {
        return new NatPmpClient(new UdpTransport(new InetSocketAddress(gateway, PcpClient.PORT), Optional.empty()), Schedule.NAT_PMP,
                clock);
    }

    public String server() {
        return transport.server();
    }

    /** The router's epoch from the last answer. */
    public synchronized Optional<Epoch> lastEpoch() {
        return lastEpoch;
    }

    /** The external address and the epoch it came with. */
    public record Address(InetAddress address, Epoch epoch) {
    }

    /** What the gateway granted. */
    public record Mapping(Protocol protocol, int internalPort, int externalPort, long lifetime, Epoch epoch) {
    }

    /**
     * Asks for the external address.
     *
     * @throws PortControlException NO_ROUTER when nothing answers; ROUTER_REFUSED with the result code otherwise
     */
    public Address externalAddress() {
        byte[] a = exchange(NatPmpCodec.externalAddressRequest(), "external address",
                d -> NatPmpCodec.addressAnswer(d).isPresent() || unsupportedVersion(d));
        NatPmpCodec.AddressAnswer answer = NatPmpCodec.addressAnswer(a)
                .orElseThrow(() -> ResultCodes.natPmp(1, "external address", server()));
        if (answer.resultCode() != 0) throw ResultCodes.natPmp(answer.resultCode(), "external address", server());
        return new Address(answer.address(), observe(answer.epochSeconds()));
    }

    /**
     * Maps {@code internalPort} of this host, suggesting {@code externalPort}; the gateway may grant another port.
     *
     * @throws PortControlException NO_ROUTER when nothing answers; ROUTER_REFUSED with the result code otherwise
     */
    public Mapping map(Protocol protocol, int internalPort, int externalPort, long lifetime) {
        if (lifetime == 0) throw new IllegalArgumentException("lifetime 0 deletes: use delete()");
        return send(protocol, internalPort, externalPort, lifetime, "map " + externalPort + "/" + protocol.label());
    }

    /** Deletes this host's mapping of {@code internalPort} (RFC 6886 §3.4). */
    public Epoch delete(Protocol protocol, int internalPort) {
        return send(protocol, internalPort, 0, 0, "delete of internal port " + internalPort + "/" + protocol.label()).epoch();
    }

    private Mapping send(Protocol protocol, int internalPort, int externalPort, long lifetime, String what) {
        byte[] a = exchange(NatPmpCodec.mapRequest(protocol, internalPort, externalPort, lifetime), what,
                d -> NatPmpCodec.mapAnswer(d, protocol, internalPort).isPresent() || unsupportedVersion(d));
        NatPmpCodec.MapAnswer answer = NatPmpCodec.mapAnswer(a, protocol, internalPort)
                .orElseThrow(() -> ResultCodes.natPmp(1, what, server()));
        if (answer.resultCode() != 0) throw ResultCodes.natPmp(answer.resultCode(), what, server());
        if (lifetime > 0 && answer.externalPort() == 0) throw ResultCodes.natPmp(3, what, server());
        return new Mapping(protocol, internalPort, answer.externalPort(), answer.lifetime(), observe(answer.epochSeconds()));
    }

    /** A version-0 answer with result 1 in any shape: the gateway speaks a NAT-PMP we do not. */
    private static boolean unsupportedVersion(byte[] d) {
        return d.length >= 4 && d.length <= 16 && d[0] == 0 && (d[1] & 0x80) != 0 && d[2] == 0 && d[3] == 1;
    }

    private byte[] exchange(byte[] request, String what, java.util.function.Predicate<byte[]> accept) {
        return transport.exchange(request, schedule, accept).orElseThrow(() -> PortControlException.noAnswer("NAT-PMP " + what,
                server(), "no answer within " + schedule.budget().toSeconds() + " s"));
    }

    private synchronized Epoch observe(long seconds) {
        Epoch e = new Epoch("natpmp", seconds, clock.instant());
        lastEpoch = Optional.of(e);
        return e;
    }
}
