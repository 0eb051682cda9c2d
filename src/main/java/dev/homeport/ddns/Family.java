package dev.homeport.ddns;

import java.util.Optional;

/** An address family and the DNS record that carries it. */
enum Family {
    /** IPv4: the A record, the router's WAN address. */ V4("A"),
    /** IPv6: the AAAA record, this host's own stable global address. */ V6("AAAA");

    private final String recordType;

    Family(String recordType) {
        this.recordType = recordType;
    }

    /** {@code A} or {@code AAAA}. */
    String recordType() {
        return recordType;
    }

    /** This family's address in {@code a}, if it holds one. */
    Optional<String> of(Addresses a) {
        return this == V4 ? a.v4() : a.v6();
    }
}
