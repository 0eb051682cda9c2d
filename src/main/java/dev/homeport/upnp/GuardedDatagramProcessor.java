package dev.homeport.upnp;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.util.Optional;
import org.jupnp.model.UnsupportedDataException;
import org.jupnp.model.message.IncomingDatagramMessage;
import org.jupnp.transport.impl.DatagramProcessorImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jUPnP's datagram parser behind {@link SsdpGuard}: an answer the guard refuses never reaches jUPnP, so no
 * description is fetched for it.
 */
final class GuardedDatagramProcessor extends DatagramProcessorImpl {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedDatagramProcessor.class);
    private final SsdpGuard guard;

    GuardedDatagramProcessor(SsdpGuard guard) {
        this.guard = guard;
    }

    @Override
    public IncomingDatagramMessage read(InetAddress receivedOnAddress, DatagramPacket datagram) throws UnsupportedDataException {
        String responder = datagram.getAddress().getHostAddress();
        Optional<SsdpResponse> r = SsdpResponse.parse(datagram.getData(), datagram.getOffset(), datagram.getLength());
        if (r.isEmpty()) throw new UnsupportedDataException("ignored datagram from " + responder + ": not an SSDP answer");
        Optional<String> refused = guard.check(responder, r.get());
        if (refused.isPresent()) {
            LOG.debug("SSDP answer from {} ignored: {}", responder, refused.get());
            throw new UnsupportedDataException("ignored SSDP answer from " + responder + ": " + refused.get());
        }
        LOG.debug("SSDP answer from {}: {} {}", responder, r.get().st(), r.get().location());
        return super.read(receivedOnAddress, datagram);
    }
}
