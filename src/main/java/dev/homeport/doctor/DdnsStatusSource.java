package dev.homeport.doctor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What homeport's dynamic DNS last did for a hostname, from its state. */
public interface DdnsStatusSource {

    /**
     * The status for {@code hostname}; empty when homeport never updated it.
     *
     * @throws dev.homeport.core.HomeportException when the dynamic DNS state or settings cannot be read
     */
    Optional<HostStatus> status(String hostname);

    /** A source for runs without dynamic DNS. */
    static DdnsStatusSource none() {
        return hostname -> Optional.empty();
    }

    /**
     * The dynamic DNS state of one hostname.
     *
     * @param hostname   the name
     * @param state      whether updates go out, are latched off or held
     * @param lastAnswer the provider's last answer code ({@code good}, {@code nochg}, {@code badauth}, ...)
     * @param lastIp     the address last sent (and accepted)
     * @param lastUpdate when the last update was accepted
     * @param heldUntil  for HELD: when updates resume
     * @param summary    one sentence on what happens next (latched since when and why, held until, retrying), if known
     * @param advice     what the user must do to unlatch (e.g. the command that resets it), if the source knows
     */
    record HostStatus(String hostname, State state, Optional<String> lastAnswer, Optional<String> lastIp,
                      Optional<Instant> lastUpdate, Optional<Instant> heldUntil, Optional<String> summary,
                      Optional<String> advice) {
        public HostStatus {
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(lastAnswer, "lastAnswer");
            Objects.requireNonNull(lastIp, "lastIp");
            Objects.requireNonNull(lastUpdate, "lastUpdate");
            Objects.requireNonNull(heldUntil, "heldUntil");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(advice, "advice");
        }
    }

    /** Whether updates for a hostname go out. */
    enum State {
        /** Updates go out when the address changes. */
        ACTIVE,
        /** The provider answered with a fatal code; no update goes out until the user fixes it. */
        LATCHED,
        /** The provider asked to wait (911, dnserr); updates resume at {@code heldUntil}. */
        HELD,
        /** The last attempts failed (network, provider error); later runs retry. */
        FAILING
    }
}
