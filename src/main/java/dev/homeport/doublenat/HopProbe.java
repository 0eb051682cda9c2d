package dev.homeport.doublenat;

import java.util.Optional;

/**
 * Who answers a packet sent with a small TTL: the seam to the system's {@code ping} (Java has no unicast TTL socket
 * option, and its TTL echo, {@code InetAddress.isReachable}, says only whether the target answered, not who else did).
 */
public interface HopProbe {

    /**
     * One answer to a probe.
     *
     * @param address who answered
     * @param reached true for an echo reply from the target itself, false for "time to live exceeded" on the way
     */
    record Hop(String address, boolean reached) {
    }

    /** The answer to one echo request to {@code target} with TTL {@code ttl}; empty when none (or no ping here). */
    Optional<Hop> probe(String target, int ttl);

    /**
     * As {@link #probe}, for a probe whose usual answer is the target's own reply (the inner router's WAN address at
     * TTL 1): an implementation may find that answer a quicker way first.
     */
    default Optional<Hop> probeExpectingReply(String target, int ttl) {
        return probe(target, ttl);
    }
}
