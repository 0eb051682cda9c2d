package dev.homeport.doctor;

import dev.homeport.core.Protocol;
import java.util.Optional;

/** Where doctor's IPv6 checks meet the world: this host's stable address and its pinholes (AAAA records: {@link Resolver}). */
public interface Ipv6Probe {

    /** This host's stable global IPv6 address, if it has one (never a temporary one). */
    Optional<String> stableAddress();

    /**
     * The pinhole for this host's {@code port}: open, or why not (empty when it is open).
     *
     * @return empty when the router holds the pinhole; otherwise the reason, one line
     */
    Optional<String> pinholeMissing(int port, Protocol protocol);

    /** A host without IPv6. */
    static Ipv6Probe none() {
        return new Ipv6Probe() {
            @Override
            public Optional<String> stableAddress() {
                return Optional.empty();
            }

            @Override
            public Optional<String> pinholeMissing(int port, Protocol protocol) {
                return Optional.of("this host has no IPv6");
            }
        };
    }
}
