package dev.homeport.watch;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Listens for the router's NAT-PMP and PCP announcements (224.0.0.1:5350, sent from its port 5351): on boot and
 * when its public address changes. Only the gateway's address is believed; {@link AnnounceFilter} drops repeats.
 */
public final class AnnounceSource implements EventSource {
    private final Predicate<String> isGateway;
    private final MulticastListener listener;
    private final AnnounceFilter filter = new AnnounceFilter();

    /**
     * @param isGateway     true for the address of the router watch works with
     * @param interfaceName the interface towards the router, or empty for the system's default
     */
    public AnnounceSource(Predicate<String> isGateway, Optional<String> interfaceName) {
        this.isGateway = isGateway;
        this.listener = new MulticastListener(name(), "224.0.0.1", 5350, interfaceName, AnnounceFilter.MAX_DATAGRAM);
    }

    @Override
    public String name() {
        return "announce";
    }

    @Override
    public void start(Consumer<Trigger> sink) {
        listener.start((sender, port, data, length) -> {
            if (port == 5351 && isGateway.test(sender)) filter.accept(data, length).ifPresent(sink);
        });
    }

    @Override
    public void close() {
        listener.close();
    }
}
