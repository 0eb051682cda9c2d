package dev.homeport.reassert;

import dev.homeport.core.HomeportException.Kind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one reconcile found and did.
 *
 * @param dryRun          nothing was changed; changes are what would have been done
 * @param router          how the router was reached
 * @param thisHost        this host's LAN address
 * @param externalAddress the router's WAN address, when DNS was checked
 * @param steps           every check and change, in order
 */
public record Report(boolean dryRun, String router, String thisHost, Optional<String> externalAddress, List<Step> steps) {

    /** The order in which problems decide the outcome when there are several. */
    private static final List<Kind> PRIORITY = List.of(Kind.CONFLICT, Kind.ROUTER_REFUSED, Kind.NOT_OWNED, Kind.WEB_ADMIN,
            Kind.DDNS_BLOCKED, Kind.DDNS_FAILED, Kind.IO);

    public Report {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(thisHost, "thisHost");
        Objects.requireNonNull(externalAddress, "externalAddress");
        steps = List.copyOf(steps);
    }

    /** The changes made (or, in a dry run, that would be made). */
    public List<Step> changes() {
        return steps.stream().filter(Step::changed).toList();
    }

    /** The problems: conflicts, refusals, DNS held, latched or failed. */
    public List<Step> problems() {
        return steps.stream().filter(Step::failed).toList();
    }

    /** True when the router and DNS match the config (after this run's changes). */
    public boolean inSync() {
        return problems().isEmpty();
    }

    /**
     * The kind of problem the exit code reports: conflicts first, then router refusals, then DNS; empty when in sync.
     */
    public Optional<Kind> outcome() {
        List<Kind> kinds = problems().stream().map(s -> s.problem().orElseThrow()).toList();
        for (Kind k : PRIORITY) {
            if (kinds.contains(k)) return Optional.of(k);
        }
        return kinds.stream().findFirst();
    }
}
