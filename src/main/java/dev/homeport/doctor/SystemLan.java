package dev.homeport.doctor;

import dev.homeport.net.LocalNetwork;
import java.io.UncheckedIOException;
import java.util.Optional;

/** {@link Lan} from the routing table. */
final class SystemLan implements Lan {
    private final LocalNetwork network;

    SystemLan(LocalNetwork network) {
        this.network = network;
    }

    @Override
    public Optional<String> gateway() {
        return network.defaultGateway();
    }

    @Override
    public Optional<String> addressTowards(String host) {
        try {
            return Optional.of(network.sourceAddressFor(host));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
