package dev.homeport.reassert;

import java.util.Objects;
import java.util.Optional;

/**
 * What the dynamic-DNS step did.
 *
 * @param status  the outcome
 * @param address the public address it worked with, when it got that far
 * @param message one line for the user, never containing a secret
 * @param hint    what the user can do, for problems
 */
public record DnsResult(Status status, Optional<String> address, String message, Optional<String> hint) {

    public DnsResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
    }

    /** How the step ended. */
    public enum Status {
        /** The provider was told (or, in a dry run, would be told) the address. */
        UPDATED,
        /** The provider already has the address: nothing sent. */
        UNCHANGED,
        /** The provider asked for a pause, or failures back off: nothing sent before a time. */
        HELD,
        /** A fatal answer switched updates off until the user acts. */
        LATCHED,
        /** The update could not be made (network, provider error, unusable address). */
        FAILED
    }
}
