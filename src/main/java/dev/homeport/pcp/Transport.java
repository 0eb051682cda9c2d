package dev.homeport.pcp;

import java.util.Optional;
import java.util.function.Predicate;

/** The seam to the gateway's port 5351: one request, retransmitted on a schedule, and the first acceptable answer. */
interface Transport {

    /**
     * Sends {@code request} at each step of {@code schedule} until a datagram from the gateway passes {@code accept}.
     * Datagrams that fail it (malformed, another nonce, another source) are dropped and the wait goes on.
     *
     * @return the accepted answer, or empty when none came within the budget
     * @throws PortControlException (NO_ROUTER) when the gateway says nothing listens there (ICMP port unreachable) or
     *                              the request cannot be sent
     */
    Optional<byte[]> exchange(byte[] request, Schedule schedule, Predicate<byte[]> accept);

    /** The gateway, for messages ({@code 192.168.1.1:5351}). */
    String server();
}
