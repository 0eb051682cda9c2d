package dev.homeport.webadmin;

import dev.homeport.core.HomeportException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The router's web admin could not be driven, or refused. Carries where it happened: the router URL, the profile,
 * the step and the HTTP status of the last response, when known.
 */
public final class WebAdminException extends HomeportException {
    private final String routerUrl;
    private final String profileId;
    private final String step;
    private final int httpStatus;

    WebAdminException(Kind kind, String message, String hint, Context context, Throwable cause) {
        super(kind, message, hint, cause);
        this.routerUrl = context.routerUrl();
        this.profileId = context.profileId();
        this.step = context.step();
        this.httpStatus = context.httpStatus();
    }

    WebAdminException(Kind kind, String message, String hint, Context context) {
        this(kind, message, hint, context, null);
    }

    /** The admin URL of the router, e.g. {@code http://192.168.0.1}. */
    public String routerUrl() {
        return routerUrl;
    }

    /** The profile in use, if one was chosen. */
    public Optional<String> profileId() {
        return Optional.ofNullable(profileId).filter(s -> !s.isEmpty());
    }

    /** The profile step that failed, if the failure happened in one. */
    public Optional<String> step() {
        return Optional.ofNullable(step).filter(s -> !s.isEmpty());
    }

    /** The HTTP status of the last response, if there was one. */
    public OptionalInt httpStatus() {
        return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
    }

    /** Where a failure happened; empty strings and 0 for unknown. */
    record Context(String routerUrl, String profileId, String step, int httpStatus) {
        Context {
            routerUrl = routerUrl == null ? "" : routerUrl;
            profileId = profileId == null ? "" : profileId;
            step = step == null ? "" : step;
        }

        Context withStep(String s) {
            return new Context(routerUrl, profileId, s, httpStatus);
        }

        Context withStatus(int status) {
            return new Context(routerUrl, profileId, step, status);
        }
    }
}
