package dev.homeport.ddns;

import java.time.Duration;
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

    /**
     * A fatal answer from a provider that does not speak in dyndns2 status words (a DNS RCODE, an API error): latch
     * until the config or the secret changes.
     *
     * @param answer what the server said, e.g. {@code BADKEY} or {@code cloudflare 10000}
     * @param reason what it means for the user and what to do
     */
    record Fatal(String answer, String reason) implements Reply {
        public Fatal {
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The server is in trouble or asks for a pause (SERVFAIL, no answer in time, a rate limit): no update before
     * {@code wait} has passed, like dyndns2's 911.
     *
     * @param answer what the server said, e.g. {@code SERVFAIL}
     * @param reason what it means for the user
     * @param holdFor how long to hold all updates
     */
    record Pause(String answer, String reason, Duration holdFor) implements Reply {
        public Pause {
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(holdFor, "holdFor");
            if (holdFor.isNegative() || holdFor.isZero()) throw new IllegalArgumentException("holdFor (" + holdFor + ") must be positive");
        }
    }
}
