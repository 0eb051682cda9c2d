package dev.homeport.ddns;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code ddns status} tells: the last exchange with the provider, what each hostname is registered as, and
 * what happens next.
 *
 * @param provider     provider id (dyndns, noip, ...)
 * @param updateUrl    the endpoint updates go to
 * @param hosts        per hostname: the address the provider accepted, when, and the keep-alive date
 * @param lastAnswer   the provider's last answer (one line), or the trouble when there was none
 * @param lastAnswerAt when that was
 * @param lastIp       the address sent in the last request
 * @param next         what the next run will do
 */
public record DdnsStatus(String provider, String updateUrl, List<Host> hosts, Optional<String> lastAnswer,
                         Optional<Instant> lastAnswerAt, Optional<String> lastIp, Next next) {

    public DdnsStatus {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(updateUrl, "updateUrl");
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(lastAnswer, "lastAnswer");
        Objects.requireNonNull(lastAnswerAt, "lastAnswerAt");
        Objects.requireNonNull(lastIp, "lastIp");
        Objects.requireNonNull(next, "next");
    }

    /**
     * One hostname.
     *
     * @param name         the hostname
     * @param ip           the address the provider last accepted for it
     * @param acceptedAt   when
     * @param keepAliveDue when an update is sent even without a change, so the provider does not expire the host
     */
    public record Host(String name, Optional<String> ip, Optional<Instant> acceptedAt, Optional<Instant> keepAliveDue) {
        public Host {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(acceptedAt, "acceptedAt");
            Objects.requireNonNull(keepAliveDue, "keepAliveDue");
        }
    }

    /** What the next run does. */
    public enum Step {
        /** Nothing registered yet (or the provider/account changed): the next run sends an update. */
        FIRST_UPDATE,
        /** Registered: an update goes out when the address changes, or at the keep-alive date. */
        ON_CHANGE,
        /** The provider asked for a pause (911, dnserr) until {@code at}. */
        HELD,
        /** The last attempt failed; the next run after {@code at} retries. */
        RETRY,
        /** Latched off by a fatal answer until the user acts. */
        LATCHED
    }

    /**
     * The next action.
     *
     * @param step  which kind
     * @param at    the time that matters (keep-alive date, hold end, retry time, latch start), if any
     * @param text  one sentence for the user
     * @param clear how to clear a latch or hold, if that applies
     */
    public record Next(Step step, Optional<Instant> at, String text, Optional<String> clear) {
        public Next {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(clear, "clear");
        }
    }
}
