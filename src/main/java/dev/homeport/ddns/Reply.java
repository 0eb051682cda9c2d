package dev.homeport.ddns;

import java.util.List;
import java.util.Objects;

/** What came back from one update request. */
sealed interface Reply {

    /**
     * The provider answered (HTTP 200): one answer per hostname, in request order.
     *
     * @param answers  one per hostname sent
     * @param warnings oddities worth telling the user (extra lines, one line for many hosts)
     * @param raw      the body, squeezed onto one line
     */
    record Answers(List<Answer> answers, List<String> warnings, String raw) implements Reply {
        public Answers {
            answers = List.copyOf(answers);
            warnings = List.copyOf(warnings);
            Objects.requireNonNull(raw, "raw");
        }
    }

    /**
     * No usable answer: the request failed in transport or HTTP.
     *
     * @param kind   which trouble
     * @param status the HTTP status, or 0 when there was no HTTP answer
     * @param detail one line for the user, e.g. "HTTP 503 from api.dynu.com" or "timeout"
     */
    record Trouble(Kind kind, int status, String detail) implements Reply {
        /** Transport and HTTP troubles. */
        enum Kind {
            /** Connection refused, timeout, DNS: retry later with backoff. */
            NETWORK,
            /** HTTP 5xx: retry later with backoff. */
            SERVER,
            /** HTTP 401/403: credentials refused, same as badauth. */
            AUTH,
            /** Any other HTTP status: a failure, retried with backoff. */
            HTTP
        }

        public Trouble {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
