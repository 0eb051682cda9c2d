package bench;

import com.offbynull.portmapper.PortMapperFactory;
import com.offbynull.portmapper.gateway.Bus;
import com.offbynull.portmapper.gateways.network.NetworkGateway;
import com.offbynull.portmapper.gateways.process.ProcessGateway;
import com.offbynull.portmapper.mapper.MappedPort;
import com.offbynull.portmapper.mapper.PortMapper;
import com.offbynull.portmapper.mapper.PortType;
import java.net.Inet4Address;
import java.util.List;

/**
 * offbynull portmapper 2.0.5 opening one TCP port the way its README does: PortMapperFactory.discover (UPnP-IGD,
 * NAT-PMP and PCP, each probed in turn), then mapPort on the UPnP-IGD mapper (the lab router speaks all three; the
 * bench compares UPnP clients) that talks to the router over IPv4 (it also lists one per IPv6 source address, which
 * would map to this host's IPv6 address), exit.
 */
public final class PortmapperForward {
    private PortmapperForward() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Bus network = NetworkGateway.create().getBus();
        Bus process = ProcessGateway.create().getBus();
        List<PortMapper> mappers = PortMapperFactory.discover(network, process);
        PortMapper upnp = mappers.stream()
                .filter(m -> m.getClass().getName().contains(".upnpigd.") && m.getSourceAddress() instanceof Inet4Address).findFirst().orElse(null);
        if (upnp == null) {
            System.err.println("portmapper: no UPnP-IGD mapper among " + mappers);
            System.exit(2);
        }
        MappedPort mapped = upnp.mapPort(PortType.TCP, port, port, 3600);
        System.out.println("portmapper: " + upnp.getClass().getSimpleName() + " mapped " + mapped);
        System.exit(mapped.getExternalPort() == port ? 0 : 1);
    }
}
