package dev.homeport.doctor;

import java.util.Optional;

/** This host's place on its LAN. */
public interface Lan {

    /** The IPv4 default gateway, if the routing table has one. */
    Optional<String> gateway();

    /** The local IPv4 address used to reach {@code host}, if there is a route. */
    Optional<String> addressTowards(String host);
}
