package dev.homeport.ddns;

import dev.homeport.guard.Redactor;
import java.util.Objects;

/** A password or token. {@link #toString()} never shows it, so it cannot leak through a log line or a message. */
final class Secret {
    private final String value;

    Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
        Redactor.current().add(value);
    }

    /** The secret itself: only for the Authorization header or the token parameter, never for output. */
    String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "(secret)";
    }
}
