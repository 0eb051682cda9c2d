package dev.homeport.pcp;

import dev.homeport.core.PortMapping;
import java.net.InetAddress;
import java.util.Optional;

/** NAT-PMP for {@link PortControlRouter}: mappings are this host's, named by internal port and protocol. */
final class NatPmpMapper implements Mapper {
    private final NatPmpClient natpmp;
    private final InetAddress client;

    NatPmpMapper(NatPmpClient natpmp, InetAddress client) {
        this.natpmp = natpmp;
        this.client = client;
    }

    @Override
    public String id() {
        return "natpmp";
    }

    @Override
    public String label() {
        return "NAT-PMP";
    }

    @Override
    public String server() {
        return natpmp.server();
    }

    @Override
    public InetAddress clientAddress() {
        return client;
    }

    @Override
    public Epoch probe() {
        return natpmp.externalAddress().epoch();
    }

    @Override
    public Optional<InetAddress> externalAddress() {
        return Optional.of(natpmp.externalAddress().address());
    }

    @Override
    public Granted map(PortMapping want, Optional<Nonce> nonce) {
        NatPmpClient.Mapping m = natpmp.map(want.protocol(), want.internalPort(), want.externalPort(), want.leaseSeconds());
        return new Granted(m.externalPort(), Optional.empty(), m.lifetime(), Optional.empty(), m.epoch());
    }

    @Override
    public Epoch unmap(HeldMappings.Held h) {
        return natpmp.delete(h.protocol(), h.internalPort());
    }
}
