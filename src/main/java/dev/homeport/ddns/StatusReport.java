package dev.homeport.ddns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns the state file into what {@code ddns status} tells: the registered addresses and what the next run does. */
final class StatusReport {
    private StatusReport() {
    }

    /** @param v6 the IPv6 address the next run would register as AAAA records, when it would register any */
    static DdnsStatus of(DdnsSettings settings, DdnsState st, Instant now, Optional<String> v6) {
        boolean sameTarget = st.target().equals(Optional.of(settings.target()));
        List<DdnsStatus.Host> hosts = new ArrayList<>();
        for (String h : settings.hostnames()) {
            Optional<Instant> at = sameTarget ? st.hostAt(h) : Optional.empty();
            hosts.add(new DdnsStatus.Host(h, sameTarget ? st.hostIp(h) : Optional.empty(), at,
                    at.map(t -> t.plus(DdnsUpdater.KEEP_ALIVE))));
        }
        return new DdnsStatus(settings.provider().id(), settings.updateUrl(), hosts, st.lastAnswer(), st.lastAt(), st.lastIp(),
                next(settings, st, hosts, now, sameTarget ? v6 : Optional.empty()));
    }

    private static DdnsStatus.Next next(DdnsSettings settings, DdnsState st, List<DdnsStatus.Host> hosts, Instant now,
                                        Optional<String> v6) {
        Optional<DdnsState.Latch> latch = st.latch();
        if (latch.isPresent()) {
            DdnsState.Latch l = latch.get();
            if (l.fingerprint().equals(settings.fingerprint(st.salt()))) {
                return new DdnsStatus.Next(DdnsStatus.Step.LATCHED, Optional.of(l.since()),
                        l.family().map(f -> "the " + f.recordType() + " record is not sent").orElse("nothing is sent")
                                + ": latched off since " + UpdateOutcome.show(l.since()) + " because the provider answered '"
                                + l.answer() + "' (" + l.reason() + ")",
                        Optional.of("fix the cause (password, key or token file, username or hostnames in the ddns section):"
                                + " the next run then tries again by itself; or run 'homeport ddns update --force' once"));
            }
            return new DdnsStatus.Next(DdnsStatus.Step.FIRST_UPDATE, Optional.empty(), "was latched off by '" + l.answer()
                    + "', but the ddns config or secret changed since: the next run tries again", Optional.empty());
        }
        Optional<Instant> hold = st.holdUntil();
        if (hold.isPresent() && now.isBefore(hold.get())) {
            return new DdnsStatus.Next(DdnsStatus.Step.HELD, hold, "on hold until " + UpdateOutcome.show(hold.get()) + ": "
                    + st.holdReason().orElse("the provider asked for a pause"),
                    Optional.of("wait: nothing is sent before " + UpdateOutcome.show(hold.get()) + "; the first run after that updates"));
        }
        if (st.failures() > 0 && st.retryAt().isPresent()) {
            Instant r = st.retryAt().get();
            return new DdnsStatus.Next(DdnsStatus.Step.RETRY, Optional.of(r), "the last " + (st.failures() == 1 ? "attempt"
                    : st.failures() + " attempts") + " failed (" + st.failure().orElse("unknown") + "); the first run after "
                    + UpdateOutcome.show(r) + " retries", Optional.of("'homeport ddns update --force' retries now"));
        }
        List<String> missing = hosts.stream().filter(h -> h.ip().isEmpty()).map(DdnsStatus.Host::name).toList();
        if (!missing.isEmpty()) {
            return new DdnsStatus.Next(DdnsStatus.Step.FIRST_UPDATE, Optional.empty(), "the next run registers "
                    + String.join(", ", missing), Optional.empty());
        }
        // Registered with an A record only, and this host now has an IPv6 address: the next run adds the AAAA records.
        List<String> noAaaa = v6.isEmpty() ? List.of() : hosts.stream().map(DdnsStatus.Host::name)
                .filter(h -> st.hostIp(h, Family.V6).isEmpty()).toList();
        if (!noAaaa.isEmpty()) {
            return new DdnsStatus.Next(DdnsStatus.Step.FIRST_UPDATE, Optional.empty(), "the next run registers the AAAA record"
                    + (noAaaa.size() == 1 ? "" : "s") + " of " + String.join(", ", noAaaa) + " (" + v6.get()
                    + ", this host's IPv6 address)", Optional.empty());
        }
        Optional<Instant> keepAlive = st.keepAliveDue(settings.hostnames(), DdnsUpdater.KEEP_ALIVE);
        return new DdnsStatus.Next(DdnsStatus.Step.ON_CHANGE, keepAlive, "an update is sent when the address changes; keep-alive"
                + " update due " + keepAlive.map(UpdateOutcome::show).orElse("now"), Optional.empty());
    }
}
