package dev.homeport.ddns;

import dev.homeport.core.HomeportException.Kind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link DdnsUpdater#update} run did. {@link Updated}, {@link Unchanged} and {@link WouldUpdate} are
 * successes; the others carry the failure kind the command line turns into an exit code.
 */
public sealed interface UpdateOutcome {

    /** One line for the user. Never contains a secret. */
    String message();

    /** What the user can do, for failures. */
    default Optional<String> hint() {
        return Optional.empty();
    }

    /** Empty for a success; DDNS_BLOCKED for latched/held, DDNS_FAILED for failures and refused addresses. */
    default Optional<Kind> failureKind() {
        return Optional.empty();
    }

    /**
     * Throws the failure as an exception, for callers that report failures that way.
     *
     * @throws DdnsException when this outcome is not a success
     */
    default void orThrow() {
        Optional<Kind> kind = failureKind();
        if (kind.isPresent()) {
            String answer = this instanceof Failed f ? f.answer().orElse(null) : this instanceof Latched l ? l.answer() : null;
            throw new DdnsException(kind.get(), message(), hint().orElse(null), answer);
        }
    }

    /** The provider accepted the address for these hostnames ({@code good} or {@code nochg}). */
    record Updated(String ip, List<String> hostnames, String answer, String reason, List<String> warnings)
            implements UpdateOutcome {
        public Updated {
            Objects.requireNonNull(ip, "ip");
            hostnames = List.copyOf(hostnames);
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(reason, "reason");
            warnings = List.copyOf(warnings);
        }

        @Override
        public String message() {
            return "updated " + String.join(", ", hostnames) + " to " + ip + " (" + reason + "; provider answered '" + answer + "')";
        }
    }

    /** Nothing to send: the provider already has this address for every hostname. */
    record Unchanged(String ip, List<String> hostnames, Instant keepAliveDue) implements UpdateOutcome {
        public Unchanged {
            Objects.requireNonNull(ip, "ip");
            hostnames = List.copyOf(hostnames);
            Objects.requireNonNull(keepAliveDue, "keepAliveDue");
        }

        @Override
        public String message() {
            return "unchanged: " + String.join(", ", hostnames) + " already " + (hostnames.size() == 1 ? "points" : "point")
                    + " at " + ip + "; keep-alive update due " + show(keepAliveDue);
        }
    }

    /** {@code --dry-run}: the request that would have been sent. Nothing was sent, no state changed. */
    record WouldUpdate(String ip, List<String> hostnames, List<String> requests, String reason) implements UpdateOutcome {
        public WouldUpdate {
            Objects.requireNonNull(ip, "ip");
            hostnames = List.copyOf(hostnames);
            requests = List.copyOf(requests);
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String message() {
            return "dry run (" + reason + "), would send: " + String.join("; ", requests);
        }
    }

    /**
     * Updates are on hold until {@code until}: the provider asked for a pause (911, dnserr), or earlier failures
     * back off.
     */
    record Held(Instant until, boolean backoff, String reason) implements UpdateOutcome {
        public Held {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String message() {
            return backoff ? "ddns update postponed until " + show(until) + " after failed attempts (last: " + reason + ")"
                    : "ddns updates held until " + show(until) + ": " + reason;
        }

        @Override
        public Optional<String> hint() {
            return Optional.of(backoff ? "the next run after that time retries; 'homeport ddns update --force' retries now"
                    : "nothing to do: the provider asked clients to wait (30 minutes after 911 or"
                    + " SERVFAIL, or its rate limit's time, at most " + DdnsUpdater.MAX_WAIT.toMinutes() + " minutes); the next run"
                    + " after that time updates");
        }

        @Override
        public Optional<Kind> failureKind() {
            return Optional.of(Kind.DDNS_BLOCKED);
        }
    }

    /** The provider gave a fatal answer: nothing is sent until the ddns config or the secret changes, or --force. */
    record Latched(String answer, String reason, Instant since) implements UpdateOutcome {
        public Latched {
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(since, "since");
        }

        @Override
        public String message() {
            return "ddns is latched off since " + show(since) + ": the provider answered '" + answer + "' (" + reason + ")";
        }

        @Override
        public Optional<String> hint() {
            return Optional.of("fix the cause (password, key or token file, username or hostnames in the ddns section); the next run"
                    + " then tries again by itself, or run 'homeport ddns update --force' once");
        }

        @Override
        public Optional<Kind> failureKind() {
            return Optional.of(Kind.DDNS_BLOCKED);
        }
    }

    /** The update failed (network, HTTP error, unexpected answer); retried by a run after {@code retryAfter}. */
    record Failed(String reason, Optional<String> answer, Instant retryAfter, List<String> updated) implements UpdateOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(retryAfter, "retryAfter");
            updated = List.copyOf(updated);
        }

        @Override
        public String message() {
            String done = updated.isEmpty() ? "" : " (" + String.join(", ", updated) + " did update)";
            return "ddns update failed: " + reason + done;
        }

        @Override
        public Optional<String> hint() {
            return Optional.of("homeport retries on a run after " + show(retryAfter) + ", waiting longer after each failure");
        }

        @Override
        public Optional<Kind> failureKind() {
            return Optional.of(Kind.DDNS_FAILED);
        }
    }

    /** The address is not public: nothing was sent, since a hostname pointing there could not reach this host. */
    record Refused(String ip, String reason, String advice) implements UpdateOutcome {
        public Refused {
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(advice, "advice");
        }

        @Override
        public String message() {
            return "not sending " + ip + " to the DNS provider: " + reason;
        }

        @Override
        public Optional<String> hint() {
            return Optional.of(advice);
        }

        @Override
        public Optional<Kind> failureKind() {
            return Optional.of(Kind.DDNS_FAILED);
        }
    }

    /** A time as users read it: {@code 2026-11-27 09:12 UTC}. */
    static String show(Instant t) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(t);
    }
}
