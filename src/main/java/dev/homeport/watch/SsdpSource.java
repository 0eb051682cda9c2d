package dev.homeport.watch;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for SSDP NOTIFY messages (239.255.255.250:1900) from the router: a message counts only when it comes from
 * the gateway's address and its LOCATION is on that same address, so another LAN host cannot make homeport talk to
 * it; {@link NotifyFilter} then decides which call for a reconcile.
 */
public final class SsdpSource implements EventSource {
    private static final Logger LOG = LoggerFactory.getLogger(SsdpSource.class);
    private final Predicate<String> isGateway;
    private final MulticastListener listener;
    private final NotifyFilter filter = new NotifyFilter();

    /**
     * @param isGateway     true for the address of the router watch works with (checked per message: it may change)
     * @param interfaceName the interface towards the router, or empty for the system's default
     */
    public SsdpSource(Predicate<String> isGateway, Optional<String> interfaceName) {
        this.isGateway = isGateway;
        this.listener = new MulticastListener(name(), "239.255.255.250", 1900, interfaceName, Notify.MAX_DATAGRAM);
    }

    @Override
    public String name() {
        return "ssdp";
    }

    @Override
    public void start(Consumer<Trigger> sink) {
        listener.start((sender, port, data, length) -> {
            if (!isGateway.test(sender)) return;
            Optional<Notify> n = Notify.parse(data, length);
            if (n.isEmpty()) {
                LOG.debug("ssdp: ignored a malformed message from {}", sender);
                return;
            }
            if (n.get().location().map(l -> !Notify.host(l).equals(sender)).orElse(false)) {
                LOG.debug("ssdp: ignored a NOTIFY from {} whose LOCATION is on another host", sender);
                return;
            }
            filter.accept(n.get()).ifPresent(sink);
        });
    }

    @Override
    public void close() {
        listener.close();
    }
}
