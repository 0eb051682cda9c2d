package dev.homeport.pcp;

import dev.homeport.core.HomeportException;
import dev.homeport.state.StateStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Optional;

/** The entry point: PCP and NAT-PMP routers for the default gateway, and a probe of which of the two it answers. */
public final class PortControl {
    private final InetAddress gateway;
    private final StateStore state;
    private final Clock clock;

    /**
     * @param gateway the default gateway's IPv4 address (from {@code LocalNetwork})
     * @throws HomeportException (NO_ROUTER) when it is not an address
     */
    public PortControl(String gateway, StateStore state, Clock clock) {
        try {
            this.gateway = InetAddress.getByName(gateway);
        } catch (UnknownHostException e) {
            throw new HomeportException(HomeportException.Kind.NO_ROUTER, "the default gateway '" + gateway + "' is not an address");
        }
        this.state = state;
        this.clock = clock;
    }

    /** A router over PCP; no request is sent until the first call. */
    public PortControlRouter pcp() {
        PcpClient pcp = PcpClient.forGateway(new InetSocketAddress(gateway, PcpClient.PORT), Optional.empty(), clock);
        return new PortControlRouter(new PcpMapper(pcp, Optional.of(NatPmpClient.forGateway(gateway, clock)), KernelRandom.create()),
                new HeldMappings(state), clock, gateway.getHostAddress());
    }

    /** A router over NAT-PMP; no request is sent until the first call. */
    public PortControlRouter natPmp() {
        NatPmpClient n = NatPmpClient.forGateway(gateway, clock);
        InetAddress local = new UdpTransport(new InetSocketAddress(gateway, PcpClient.PORT), Optional.empty()).localAddress();
        return new PortControlRouter(new NatPmpMapper(n, local), new HeldMappings(state), clock, gateway.getHostAddress());
    }

    /** What one protocol's probe found: the epoch when it answered, else why not. */
    public record Answer(String protocol, Optional<Epoch> epoch, String why) {
        public boolean answers() {
            return epoch.isPresent();
        }
    }

    /** A probe asks, it does not wait for a slow router: two seconds, not the RFCs' minute. */
    static final Schedule PROBE = new Schedule(java.time.Duration.ofMillis(250), java.time.Duration.ofSeconds(1),
            java.time.Duration.ofSeconds(2));

    /** The default gateway's address. */
    public String gateway() {
        return gateway.getHostAddress();
    }

    /** Asks the gateway with PCP ANNOUNCE (two seconds at most). */
    public Answer probePcp() {
        try {
            UdpTransport t = new UdpTransport(new InetSocketAddress(gateway, PcpClient.PORT), Optional.empty());
            return new Answer("PCP", Optional.of(new PcpClient(t, t.localAddress(), PROBE, clock).announce()), "");
        } catch (HomeportException e) {
            return new Answer("PCP", Optional.empty(), e.getMessage());
        }
    }

    /** Asks the gateway for its external address over NAT-PMP (two seconds at most). */
    public Answer probeNatPmp() {
        try {
            UdpTransport t = new UdpTransport(new InetSocketAddress(gateway, PcpClient.PORT), Optional.empty());
            return new Answer("NAT-PMP", Optional.of(new NatPmpClient(t, PROBE, clock).externalAddress().epoch()), "");
        } catch (HomeportException e) {
            return new Answer("NAT-PMP", Optional.empty(), e.getMessage());
        }
    }
}
