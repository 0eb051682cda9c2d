package dev.homeport.core;

/** What adding a mapping did. */
public sealed interface AddResult {

    /** The mapping the router now holds for the request (or holds in the way), as read back. */
    PortMapping mapping();

    /** The router accepted it; {@code mapping} is what it granted (lease as granted). */
    record Added(PortMapping mapping) implements AddResult { }

    /** An identical mapping was already in place; nothing was sent that changed the router (lease may be renewed). */
    record AlreadyPresent(PortMapping mapping) implements AddResult { }

    /** Someone else holds the port; {@code mapping} is theirs, untouched. */
    record Conflict(PortMapping mapping) implements AddResult { }
}
