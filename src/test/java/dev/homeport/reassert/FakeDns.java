package dev.homeport.reassert;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** A DNS updater that sends only when the address differs from the last one sent, recording what it sent. */
final class FakeDns implements DnsUpdater {
    final List<String> sent = new ArrayList<>();
    final List<Boolean> dryRuns = new ArrayList<>();
    Optional<String> lastSent = Optional.empty();
    Optional<DnsResult> forced = Optional.empty();

    @Override
    public List<String> hostnames() {
        return List.of("pete.example.org");
    }

    @Override
    public DnsResult update(Supplier<String> routerAddress, boolean dryRun) {
        dryRuns.add(dryRun);
        if (forced.isPresent()) return forced.get();
        String ip = routerAddress.get();
        if (lastSent.equals(Optional.of(ip))) {
            return new DnsResult(DnsResult.Status.UNCHANGED, Optional.of(ip), "pete.example.org already points at " + ip,
                    Optional.empty());
        }
        if (!dryRun) {
            sent.add(ip);
            lastSent = Optional.of(ip);
        }
        return new DnsResult(DnsResult.Status.UPDATED, Optional.of(ip), (dryRun ? "would update" : "updated")
                + " pete.example.org to " + ip, Optional.empty());
    }
}
