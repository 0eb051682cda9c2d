package dev.homeport.ddns;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When an update is due, per host: the address differs from the one the provider last accepted, it never accepted
 * one, the 25-day keep-alive, or {@code --force}. For a protocol that writes each family's record on its own the rules
 * apply to each family, and only the due families are sent; otherwise a change in either family sends both.
 */
final class DueRules {
    private final boolean perFamily;
    private final List<String> hostnames;
    private final int maxHostsPerRequest;

    DueRules(boolean perFamily, List<String> hostnames, int maxHostsPerRequest) {
        this.perFamily = perFamily;
        this.hostnames = List.copyOf(hostnames);
        this.maxHostsPerRequest = maxHostsPerRequest;
    }

    /**
     * What to send: the hosts due, in requests of at most {@code maxHostsPerRequest} hosts with the same addresses.
     *
     * @param due     the hosts due, in config order
     * @param batches the requests
     * @param reason  why, for the first host due
     */
    record Plan(List<String> due, List<Batch> batches, String reason) {
    }

    /** One request: these hosts, these addresses ({@code v4}, {@code v6} or {@code v4,v6}). */
    record Batch(String sent, List<String> hosts) {
    }

    /** What is due for one host: the addresses to send (some families only, when records are written apart), and why. */
    private record Due(Addresses sent, String reason) {
    }

    Plan plan(DdnsState st, Addresses wanted, boolean force, Instant now) {
        Map<String, List<String>> bySent = new LinkedHashMap<>();
        List<String> due = new ArrayList<>();
        String reason = "";
        for (String host : hostnames) {
            Optional<Due> d = perFamily ? dueFamilies(st, host, wanted, force, now)
                    : dueReason(st, host, wanted.text(), force, now).map(why -> new Due(wanted, why));
            if (d.isPresent()) {
                due.add(host);
                bySent.computeIfAbsent(d.get().sent().text(), k -> new ArrayList<>()).add(host);
                if (reason.isEmpty()) reason = d.get().reason();
            }
        }
        List<Batch> batches = new ArrayList<>();
        bySent.forEach((sent, hosts) -> batches(hosts).forEach(b -> batches.add(new Batch(sent, b))));
        return new Plan(due, batches, reason);
    }

    private static Optional<String> dueReason(DdnsState st, String host, String ip, boolean force, Instant now) {
        if (force) return Optional.of("--force");
        Optional<String> known = st.hostIp(host);
        if (known.isEmpty()) return Optional.of("first update");
        if (!known.get().equals(ip)) return Optional.of("address changed from " + known.get());
        Optional<Instant> at = st.hostAt(host);
        if (at.isEmpty() || !now.isBefore(at.get().plus(DdnsUpdater.KEEP_ALIVE))) return Optional.of("keep-alive: no update for 25 days");
        return Optional.empty();
    }

    /**
     * For a protocol that writes each family's record on its own: the families of {@code wanted} that are due for
     * {@code host}, each by the same rules (changed, first, keep-alive, --force), so an unchanged record is never sent.
     */
    private static Optional<Due> dueFamilies(DdnsState st, String host, Addresses wanted, boolean force, Instant now) {
        Optional<String> v4 = Optional.empty();
        Optional<String> v6 = Optional.empty();
        String reason = "";
        for (Family f : Family.values()) {
            Optional<String> address = f.of(wanted);
            if (address.isEmpty()) continue;
            Optional<String> why = force ? Optional.of("--force") : familyReason(st, host, f, address.get(), now);
            if (why.isEmpty()) continue;
            if (f == Family.V4) v4 = address;
            else v6 = address;
            if (reason.isEmpty()) reason = why.get();
        }
        return v4.isEmpty() && v6.isEmpty() ? Optional.empty() : Optional.of(new Due(new Addresses(v4, v6), reason));
    }

    private static Optional<String> familyReason(DdnsState st, String host, Family f, String address, Instant now) {
        Optional<String> known = st.hostIp(host, f);
        if (known.isEmpty()) return Optional.of("first " + f.recordType() + " update");
        if (!known.get().equals(address)) return Optional.of(f.recordType() + " changed from " + known.get());
        Optional<Instant> at = st.hostAt(host, f);
        if (at.isEmpty() || !now.isBefore(at.get().plus(DdnsUpdater.KEEP_ALIVE))) return Optional.of("keep-alive: no update for 25 days");
        return Optional.empty();
    }

    /** The earliest keep-alive date: per family when records are written apart, else per host. */
    Optional<Instant> keepAliveDue(DdnsState st, Addresses wanted) {
        if (!perFamily) return st.keepAliveDue(hostnames, DdnsUpdater.KEEP_ALIVE);
        return hostnames.stream().flatMap(h -> Arrays.stream(Family.values())
                        .filter(f -> f.of(wanted).isPresent()).map(f -> st.hostAt(h, f)))
                .flatMap(Optional::stream).min(Comparator.naturalOrder()).map(t -> t.plus(DdnsUpdater.KEEP_ALIVE));
    }

    private List<List<String>> batches(List<String> hosts) {
        int max = maxHostsPerRequest;
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i += max) out.add(List.copyOf(hosts.subList(i, Math.min(hosts.size(), i + max))));
        return out;
    }
}
