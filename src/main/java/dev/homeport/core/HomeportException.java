package dev.homeport.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A failure a user can act on: a one-line message, an optional hint, and the {@link Kind} the command line maps to
 * an exit code. Capability packages subclass it to carry their own context (router address, HTTP status, UPnP code).
 */
public class HomeportException extends RuntimeException {

    /** What went wrong, coarse enough for an exit code. */
    public enum Kind {
        /** Bad command-line input. */
        USAGE,
        /** The config file is invalid or unreadable. */
        CONFIG,
        /** No router found, or the router does not answer. */
        NO_ROUTER,
        /** The router answered but refused (policy, not authorised, error code). */
        ROUTER_REFUSED,
        /** Another host or another program holds the port. */
        CONFLICT,
        /** The mapping exists but homeport did not create it. */
        NOT_OWNED,
        /** The router's web admin could not be driven (login, busy, changed firmware). */
        WEB_ADMIN,
        /** Dynamic DNS is latched off or on hold. */
        DDNS_BLOCKED,
        /** Dynamic DNS update failed (network, provider error, unusable address). */
        DDNS_FAILED,
        /** Another homeport run holds the lock. */
        LOCKED,
        /** doctor found something that blocks reachability. */
        UNREACHABLE,
        /** Local file or system problem. */
        IO,
        /** Double NAT: the home router forwards, but the outer router (ISP box) must be opened by hand. */
        OUTER_CLOSED,
        /** A bug: anything unexpected. */
        INTERNAL
    }

    private final Kind kind;
    private final String hint;

    public HomeportException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public HomeportException(Kind kind, String message, String hint) {
        this(kind, message, hint, null);
    }

    public HomeportException(Kind kind, String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.hint = hint;
    }

    public Kind kind() {
        return kind;
    }

    /** What the user can do about it, if homeport knows. */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
