package dev.homeport.reassert;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    public DnsResult update(String externalAddress, boolean dryRun) {
        dryRuns.add(dryRun);
        if (forced.isPresent()) return forced.get();
        if (lastSent.equals(Optional.of(externalAddress))) return new DnsResult.Unchanged(externalAddress);
        if (!dryRun) {
            sent.add(externalAddress);
            lastSent = Optional.of(externalAddress);
        }
        return new DnsResult.Updated(externalAddress, hostnames());
    }
}
