package dev.homeport.ddns;

import java.util.List;

/** The seam to the DNS provider: one update request for some hostnames. */
interface UpdateProtocol {

    /** How many hostnames one request may carry. */
    int maxHostsPerRequest();

    /** Sends one update of {@code hosts} to {@code ip}. Never throws for network or provider trouble. */
    Reply send(List<String> hosts, String ip);

    /** The request that {@link #send} would make, with the secret left out: for {@code --dry-run}. */
    String describe(List<String> hosts, String ip);
}
