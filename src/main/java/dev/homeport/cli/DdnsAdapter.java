package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.ddns.AddressSource;
import dev.homeport.ddns.Addresses;
import dev.homeport.ddns.DdnsUpdater;
import dev.homeport.ddns.PublicAddress;
import dev.homeport.ddns.UpdateOutcome;
import dev.homeport.reassert.DnsResult;
import dev.homeport.reassert.DnsUpdater;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * The ddns package as reassert's {@link DnsUpdater}: the address comes from the router (or the {@code ip-url} when
 * {@code ip-source: url}), cross-checked against the {@code ip-url} when both are configured; the ddns rules
 * (update on change only, holds, latches, backoff) decide unchanged.
 */
final class DdnsAdapter implements DnsUpdater {
    private final DdnsUpdater updater;
    private final Config.Ddns settings;
    private final OkHttpClient http;

    DdnsAdapter(DdnsUpdater updater, Config.Ddns settings, OkHttpClient http) {
        this.updater = updater;
        this.settings = settings;
        this.http = http;
    }

    @Override
    public List<String> hostnames() {
        return settings.hostnames();
    }

    @Override
    public DnsResult update(Supplier<String> routerAddress, boolean dryRun) {
        AddressSource router = AddressSource.routerLazily(routerAddress);
        PublicAddress address = PublicAddress.forConfig(settings, router, http);
        UpdateOutcome outcome;
        try {
            outcome = updater.update(address, false, dryRun);
        } catch (HomeportException e) {
            if (e.kind() == HomeportException.Kind.NO_ROUTER || e.kind() == HomeportException.Kind.IO) throw e;
            return new DnsResult(DnsResult.Status.FAILED, Optional.empty(), e.getMessage(), e.hint());
        }
        return result(outcome);
    }

    static DnsResult result(UpdateOutcome o) {
        if (o instanceof UpdateOutcome.Updated u) return ok(DnsResult.Status.UPDATED, u.ip(), o);
        if (o instanceof UpdateOutcome.WouldUpdate w) return ok(DnsResult.Status.UPDATED, w.ip(), o);
        if (o instanceof UpdateOutcome.Unchanged u) return ok(DnsResult.Status.UNCHANGED, u.ip(), o);
        if (o instanceof UpdateOutcome.Refused r) {
            return new DnsResult(DnsResult.Status.FAILED, Optional.of(r.ip()), o.message(), o.hint());
        }
        DnsResult.Status status = o instanceof UpdateOutcome.Held ? DnsResult.Status.HELD
                : o instanceof UpdateOutcome.Latched ? DnsResult.Status.LATCHED : DnsResult.Status.FAILED;
        return new DnsResult(status, Optional.empty(), o.message(), o.hint());
    }

    /** The report's address is the router's (IPv4) one; an AAAA record registered beside it shows in the message. */
    private static DnsResult ok(DnsResult.Status status, String ip, UpdateOutcome o) {
        Optional<String> v4;
        try {
            v4 = Addresses.parse(ip).v4();
        } catch (IllegalArgumentException e) {
            v4 = Optional.of(ip);
        }
        return new DnsResult(status, v4, o.message(), o.hint());
    }
}
