package dev.homeport.pcp;

import dev.homeport.core.PortMapping;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Optional;

/** PCP MAP for {@link PortControlRouter}; a new mapping gets a fresh random nonce, a renewal or delete the recorded one. */
final class PcpMapper implements Mapper {
    private final PcpClient pcp;
    private final Optional<NatPmpClient> addressSource;
    private final SecureRandom random;

    /** @param addressSource NAT-PMP on the same gateway, the one way to learn the external address without a mapping */
    PcpMapper(PcpClient pcp, Optional<NatPmpClient> addressSource, SecureRandom random) {
        this.pcp = pcp;
        this.addressSource = addressSource;
        this.random = random;
    }

    @Override
    public String id() {
        return "pcp";
    }

    @Override
    public String label() {
        return "PCP";
    }

    @Override
    public String server() {
        return pcp.server();
    }

    @Override
    public InetAddress clientAddress() {
        return pcp.clientAddress();
    }

    @Override
    public Epoch probe() {
        return pcp.announce();
    }

    @Override
    public Optional<InetAddress> externalAddress() {
        try {
            return addressSource.map(n -> n.externalAddress().address());
        } catch (PortControlException e) {
            return Optional.empty();
        }
    }

    @Override
    public Granted map(PortMapping want, Optional<Nonce> nonce) {
        Nonce n = nonce.orElseGet(() -> Nonce.random(random));
        PcpClient.Mapping m = pcp.map(request(want.externalPort(), want, n, want.leaseSeconds()));
        return new Granted(m.externalPort(), Optional.of(m.externalAddress()), m.lifetime(), Optional.of(n), m.epoch());
    }

    @Override
    public Epoch unmap(HeldMappings.Held h) {
        PortMapping m = PortMapping.of(h.externalPort(), h.protocol(), h.client(), h.internalPort(), h.description(), h.lifetime());
        return pcp.delete(request(h.externalPort(), m, h.nonce().orElseThrow(), h.lifetime()));
    }

    private PcpClient.MapRequest request(int externalPort, PortMapping m, Nonce n, long lifetime) {
        return new PcpClient.MapRequest(pcp.clientAddress(), m.protocol(), m.internalPort(), externalPort, Optional.empty(), lifetime, n);
    }
}
