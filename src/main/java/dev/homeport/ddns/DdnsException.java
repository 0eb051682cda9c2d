package dev.homeport.ddns;

import dev.homeport.core.HomeportException;
import java.util.Optional;

/** A dynamic-DNS failure a user can act on, carrying the provider's answer when one came. */
public final class DdnsException extends HomeportException {
    private final String answer;

    DdnsException(Kind kind, String message, String hint, String answer) {
        super(kind, message, hint);
        this.answer = answer;
    }

    /** The provider's answer, one line, if there was one. */
    public Optional<String> answer() {
        return Optional.ofNullable(answer);
    }
}
