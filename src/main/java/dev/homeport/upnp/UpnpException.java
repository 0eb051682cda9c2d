package dev.homeport.upnp;

import dev.homeport.core.HomeportException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A UPnP failure with its context: the action, the UPnP error code (or HTTP status) and the router's address.
 * {@link #connectionFailed()} tells a cached gateway that went stale (router rebooted onto another port) from a
 * router that answered and refused.
 */
public final class UpnpException extends HomeportException {
    private final String action;
    private final int code;
    private final int httpStatus;
    private final String router;
    private final boolean connectionFailed;

    UpnpException(Kind kind, String message, String hint, String action, int code, int httpStatus, String router,
                  boolean connectionFailed, Throwable cause) {
        super(kind, message, hint, cause);
        this.action = action;
        this.code = code;
        this.httpStatus = httpStatus;
        this.router = router == null ? "" : router;
        this.connectionFailed = connectionFailed;
    }

    /** A failure not tied to one action (discovery, description). */
    static UpnpException of(Kind kind, String message, String hint, String router) {
        return new UpnpException(kind, message, hint, null, 0, 0, router, false, null);
    }

    /** The same context under a new, more helpful message. */
    UpnpException explained(Kind kind, String message, String hint) {
        return new UpnpException(kind, message, hint, action, code, httpStatus, router, connectionFailed, this);
    }

    /** The SOAP action that failed, if any. */
    public Optional<String> action() {
        return Optional.ofNullable(action);
    }

    /** The UPnP error code from the SOAP fault, if the router sent one. */
    public OptionalInt code() {
        return code > 0 ? OptionalInt.of(code) : OptionalInt.empty();
    }

    /** The HTTP status of the response, if one arrived. */
    public OptionalInt httpStatus() {
        return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
    }

    /** The router's address (host or host:port). */
    public String router() {
        return router;
    }

    /** True when the router could not be reached at all (connection refused, timed out, unknown path). */
    public boolean connectionFailed() {
        return connectionFailed;
    }

    boolean hasCode(int c) {
        return code == c;
    }
}
