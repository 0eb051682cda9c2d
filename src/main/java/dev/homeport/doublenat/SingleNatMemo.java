package dev.homeport.doublenat;

import dev.homeport.core.HomeportException;
import dev.homeport.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers, for the timer's {@code reassert}, that the router answered a TTL-1 ping for its own public WAN address
 * (a single NAT), so a run every few minutes does not start {@code ping} each time. The verdict holds for one day, for
 * the same router (UDN) reporting the same WAN address: another router, a new address or an older verdict is probed
 * again. Only the single-NAT verdict is kept; a double NAT is always looked at afresh. State document
 * {@code doublenat}; a memo that cannot be read or written only costs the probe.
 */
public final class SingleNatMemo {
    static final String STATE_NAME = "doublenat";
    /** How long a probed single NAT is believed. */
    public static final Duration VALID = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(SingleNatMemo.class);

    private final StateStore store;
    private final Clock clock;

    public SingleNatMemo(StateStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The remembered single-NAT verdict for router {@code udn} reporting {@code external}, if it still holds. */
    Optional<Detection> recall(String udn, String external) {
        if (udn == null || udn.isBlank() || external.isEmpty()) return Optional.empty();
        try {
            Map<String, String> m = store.read(STATE_NAME).orElse(Map.of());
            if (!udn.equals(m.get("router")) || !external.equals(m.get("external"))) return Optional.empty();
            Instant probed = Instant.ofEpochSecond(Long.parseLong(m.getOrDefault("probed", "")));
            Instant now = clock.instant();
            if (probed.isAfter(now) || !now.isBefore(probed.plus(VALID))) return Optional.empty();
            return Optional.of(new Detection(Detection.Verdict.SINGLE_NAT, "the router answered for its WAN address " + external
                    + " itself (echo TTL 1, less than a day ago)", Optional.empty(), java.util.List.of()));
        } catch (NumberFormatException | java.time.DateTimeException | HomeportException e) {
            return Optional.empty();
        }
    }

    /** Keeps {@code d} when it is a probed single NAT of router {@code udn}, else forgets any earlier verdict. */
    void remember(String udn, String external, Detection d) {
        try {
            if (d.verdict() == Detection.Verdict.SINGLE_NAT && udn != null && !udn.isBlank() && udn.matches("\\S{1,200}")) {
                store.write(STATE_NAME, Map.of("router", udn, "external", external,
                        "probed", Long.toString(clock.instant().getEpochSecond())));
            } else if (store.read(STATE_NAME).isPresent()) {
                store.delete(STATE_NAME);
            }
        } catch (HomeportException e) {
            LOG.debug("double-NAT memo not kept: {}", e.getMessage());
        }
    }
}
