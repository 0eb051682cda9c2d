package dev.homeport.core;

/** What adding a mapping did. */
public sealed interface AddResult {

    /** The mapping the router now holds for the request (or holds in the way), as read back; for {@link Unverified}, as asked. */
    PortMapping mapping();

    /** The router accepted it; {@code mapping} is what it granted (lease as granted). */
    record Added(PortMapping mapping) implements AddResult { }

    /** An identical mapping was already in place; nothing was sent that changed the router (lease may be renewed). */
    record AlreadyPresent(PortMapping mapping) implements AddResult { }

    /**
     * The router accepted the request but would not let homeport read the mapping back ({@code reason}, one line):
     * {@code mapping} is what was asked for, not what the router holds, and must be reported as unverified.
     */
    record Unverified(PortMapping mapping, String reason) implements AddResult {
        public Unverified {
            java.util.Objects.requireNonNull(mapping, "mapping");
            if (reason == null || reason.isBlank() || reason.contains("\n")) {
                throw new IllegalArgumentException("reason must be one non-blank line");
            }
        }
    }

    /** Someone else holds the port; {@code mapping} is theirs, untouched. */
    record Conflict(PortMapping mapping) implements AddResult { }
}
