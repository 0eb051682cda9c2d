package dev.homeport.pcp;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The router's epoch as one answer reported it: the seconds since its port-mapping table started (PCP and NAT-PMP put
 * it in every answer), and when homeport saw it. A router that rebooted forgot its mappings; its epoch tells.
 *
 * @param protocol      {@code pcp} or {@code natpmp}
 * @param serverSeconds the router's epoch time
 * @param observedAt    this host's time of the answer
 */
public record Epoch(String protocol, long serverSeconds, Instant observedAt) {

    public Epoch {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(observedAt, "observedAt");
        if (serverSeconds < 0 || serverSeconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("serverSeconds (" + serverSeconds + ") must be 0..4294967295");
        }
    }

    /**
     * True when the router's table cannot have lived from {@code previous} to this answer: the RFC 6887 §8.5 test (the
     * epoch went back more than a second, or the router's clock and this host's drifted apart by more than 1/16 plus 2 s).
     * NAT-PMP (RFC 6886 §3.6) asks for the same, with 7/8 instead; the stricter 1/16 would call a slow router rebooted.
     */
    public boolean showsRestartSince(Epoch previous) {
        if (serverSeconds + 1 < previous.serverSeconds) return true;
        long client = Math.max(0, Duration.between(previous.observedAt, observedAt).toSeconds());
        long server = serverSeconds - previous.serverSeconds;
        long slackClient = protocol.equals("natpmp") ? client / 8 : client / 16;
        long slackServer = protocol.equals("natpmp") ? server / 8 : server / 16;
        return client + 2 < server - slackServer || server + 2 < client - slackClient;
    }

    /**
     * True when the router's table started after {@code t} (this host's time): what the router held before then is
     * gone. The same slack as {@link #showsRestartSince}: 2 s, and 1/16 of the time since {@code t} for the clocks' drift.
     */
    public boolean startedAfter(Instant t) {
        long since = Duration.between(t, observedAt).toSeconds();
        return since >= 0 && serverSeconds + 2 + since / 16 < since;
    }

    /** The router's start, as this host's time. */
    public Instant routerStartedAt() {
        return observedAt.minusSeconds(serverSeconds);
    }
}
