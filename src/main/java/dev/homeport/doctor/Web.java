package dev.homeport.doctor;

import java.util.Objects;
import java.util.Optional;

/** Plain HTTP GETs with short timeouts: the hairpin test and the IP echo. */
public interface Web {

    /** Fetches {@code url}; never throws. */
    Fetch get(String url);

    /**
     * What came back.
     *
     * @param status  the HTTP status, 0 when there was no HTTP answer
     * @param body    the start of the body (capped), empty without an answer
     * @param failure why there was no answer (refused, timeout), empty when one came
     */
    record Fetch(int status, String body, Optional<String> failure) {
        public Fetch {
            body = body == null ? "" : body;
            Objects.requireNonNull(failure, "failure");
        }

        static Fetch failed(String why) {
            return new Fetch(0, "", Optional.of(why));
        }

        /** True when an HTTP answer of any status came back. */
        public boolean answered() {
            return failure.isEmpty();
        }
    }
}
