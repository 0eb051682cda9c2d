package dev.homeport.doctor;

import dev.homeport.core.HomeportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Does the hostname resolve to the address the internet reaches this network at? When it does not, dynamic DNS's
 * state says why: latched off by a provider answer, on hold, or updated moments ago and still propagating.
 */
final class DnsCheck {
    static final String NAME = "dns";
    /** Dynamic DNS records carry TTLs of 60 s to 10 min; after this long a stale answer is no longer propagation. */
    static final Duration PROPAGATION = Duration.ofMinutes(15);

    /**
     * The address the name must resolve to.
     *
     * @param address the address
     * @param what    where it comes from, for the user ("the router's WAN address")
     */
    record Expected(String address, String what) {
    }

    private final Resolver resolver;
    private final DdnsStatusSource ddns;
    private final Clock clock;

    DnsCheck(Resolver resolver, DdnsStatusSource ddns, Clock clock) {
        this.resolver = resolver;
        this.ddns = ddns;
        this.clock = clock;
    }

    /**
     * @param expected       the public address, empty when it is not known (no router, no echo)
     * @param ddnsConfigured whether homeport keeps this name current
     */
    Check check(String hostname, Optional<Expected> expected, boolean ddnsConfigured) {
        Resolver.Lookup lookup = resolver.resolve(hostname);
        if (lookup.failure().isPresent()) {
            return Check.of(NAME, hostname, Status.WARNING, "could not resolve " + hostname + ": " + lookup.failure().get(),
                    "check this host's DNS resolver (/etc/resolv.conf), then run doctor again");
        }
        if (expected.isEmpty()) {
            String seen = !lookup.ipv4().isEmpty() ? "resolves to " + String.join(", ", lookup.ipv4())
                    : lookup.ipv6().isEmpty() ? "does not resolve" : "has no IPv4 address";
            if (lookup.ipv4().isEmpty()) return Check.of(NAME, hostname, Status.PROBLEM, hostname + " " + seen, null);
            return Check.of(NAME, hostname, Status.INFO, hostname + " " + seen + " (not compared: the public address is unknown)",
                    null);
        }
        Expected want = expected.get();
        if (lookup.ipv4().contains(want.address())) {
            String also = lookup.ipv4().size() > 1 ? " (and " + (lookup.ipv4().size() - 1) + " other addresses: visitors may"
                    + " reach those instead)" : "";
            Status status = lookup.ipv4().size() > 1 ? Status.WARNING : Status.OK;
            return Check.of(NAME, hostname, status, hostname + " -> " + want.address() + ", " + want.what() + also,
                    status == Status.OK ? null : "remove the other A records at your DNS provider");
        }
        String seen = lookup.ipv4().isEmpty()
                ? hostname + (lookup.ipv6().isEmpty() ? " does not resolve" : " has no IPv4 address (only " + lookup.ipv6().get(0) + ")")
                : hostname + " resolves to " + String.join(", ", lookup.ipv4());
        seen += ", but " + want.what() + " is " + want.address();
        return explain(hostname, seen, want, ddnsConfigured);
    }

    private Check explain(String hostname, String seen, Expected want, boolean ddnsConfigured) {
        if (!ddnsConfigured) {
            return Check.of(NAME, hostname, Status.PROBLEM, seen + " (dynamic DNS is not configured here)",
                    "point " + hostname + "'s A record at " + want.address() + " at your DNS provider, or add a 'ddns:' section"
                            + " to the config so homeport keeps it current");
        }
        Optional<DdnsStatusSource.HostStatus> st;
        try {
            st = ddns.status(hostname);
        } catch (HomeportException e) {
            return Check.of(NAME, hostname, Status.PROBLEM, seen + "; the dynamic DNS state could not be read: " + e.getMessage(),
                    e.hint().orElse("run 'homeport ddns status' to see why"));
        }
        if (st.isEmpty()) {
            return Check.of(NAME, hostname, Status.PROBLEM, seen + "; homeport has not updated it yet",
                    "run 'homeport ddns update' (and 'homeport reassert -q' from cron keeps it current)");
        }
        DdnsStatusSource.HostStatus s = st.get();
        String answer = s.lastAnswer().map(a -> " after the provider answered '" + a + "'").orElse("");
        Instant now = clock.instant();
        switch (s.state()) {
            case LATCHED -> {
                return Check.of(NAME, hostname, Status.PROBLEM, seen + "; dynamic DNS " + s.summary().orElse("is latched off" + answer
                        + ", so homeport sends no updates"), s.advice().orElse("fix what the answer names (credentials, hostname,"
                        + " account) in the ddns config, then run 'homeport ddns update --force'"));
            }
            case HELD -> {
                String until = s.heldUntil().map(t -> " until " + t.truncatedTo(ChronoUnit.SECONDS)).orElse("");
                return Check.of(NAME, hostname, Status.PROBLEM, seen + "; dynamic DNS is " + s.summary().orElse("on hold" + until + answer),
                        s.advice().orElse("wait: homeport retries after the hold by itself; retrying earlier can get the"
                                + " account blocked"));
            }
            case FAILING -> {
                return Check.of(NAME, hostname, Status.PROBLEM, seen + "; dynamic DNS updates fail: " + s.summary()
                        .orElse("the last attempt failed" + answer), s.advice().orElse("run 'homeport ddns update' to see the error"));
            }
            default -> {
                // ACTIVE: below
            }
        }
        Optional<Instant> when = s.lastUpdate();
        if (s.lastIp().filter(want.address()::equals).isPresent()) {
            if (when.isPresent() && Duration.between(when.get(), now).compareTo(PROPAGATION) < 0) {
                long min = Math.max(0, Duration.between(when.get(), now).toMinutes());
                return Check.of(NAME, hostname, Status.WARNING, seen + "; homeport updated it to " + want.address() + " "
                        + min + " min ago and resolvers keep the old answer until its TTL runs out (propagating)",
                        "wait a few minutes, then run doctor again");
            }
            return Check.of(NAME, hostname, Status.PROBLEM, seen + "; the provider accepted " + want.address()
                    + when.map(t -> " at " + t.truncatedTo(ChronoUnit.SECONDS)).orElse("")
                    + ", so something else (the router's own DDNS client, another updater) may have changed it since",
                    "turn off other updaters for " + hostname + ", then run 'homeport ddns update --force'");
        }
        return Check.of(NAME, hostname, Status.PROBLEM, seen + "; homeport last sent "
                + s.lastIp().orElse("nothing") + when.map(t -> " at " + t.truncatedTo(ChronoUnit.SECONDS)).orElse(""),
                "run 'homeport ddns update' (and 'homeport reassert -q' from cron keeps it current)");
    }
}
