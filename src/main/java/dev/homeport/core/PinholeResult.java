package dev.homeport.core;

import java.util.Objects;

/** What asking for a pinhole did. */
public sealed interface PinholeResult {

    /** The router opened (or renewed) it; {@code pinhole} carries the router's id and the lease it granted. */
    record Opened(Pinhole pinhole) implements PinholeResult {
        public Opened {
            Objects.requireNonNull(pinhole, "pinhole");
        }
    }

    /**
     * The router refused it for a reason the user can act on (a low port, pinholes disabled): nothing was opened.
     *
     * @param reason one line, e.g. "the router refuses pinholes for ports below 1024 over UPnP (UPnP error 606)"
     * @param hint   what the user can do
     * @param code   the protocol's error code (UPnP 606, ...), 0 when there is none
     */
    record Refused(String reason, String hint, int code) implements PinholeResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            hint = hint == null ? "" : hint;
        }
    }
}
