package dev.homeport.cli;

import dev.homeport.doctor.DdnsStatusSource;
import java.util.Optional;
import java.util.function.Supplier;

/** Doctor's view of the ddns package's status: read once, on the first hostname that needs it, then per hostname. */
final class DoctorDdns implements DdnsStatusSource {
    private final Supplier<dev.homeport.ddns.DdnsStatus> read;
    private dev.homeport.ddns.DdnsStatus status;

    DoctorDdns(Supplier<dev.homeport.ddns.DdnsStatus> read) {
        this.read = read;
    }

    @Override
    public Optional<DdnsStatusSource.HostStatus> status(String hostname) {
        if (status == null) status = read.get();
        Optional<dev.homeport.ddns.DdnsStatus.Host> host = status.hosts().stream()
                .filter(h -> h.name().equalsIgnoreCase(hostname)).findFirst();
        if (host.isEmpty()) return Optional.empty();
        dev.homeport.ddns.DdnsStatus.Next next = status.next();
        State state = switch (next.step()) {
            case LATCHED -> State.LATCHED;
            case HELD -> State.HELD;
            case RETRY -> State.FAILING;
            default -> State.ACTIVE;
        };
        if (state == State.ACTIVE && host.get().ip().isEmpty()) return Optional.empty();
        return Optional.of(new DdnsStatusSource.HostStatus(hostname, state, status.lastAnswer(), host.get().ip(),
                host.get().acceptedAt(), state == State.HELD ? next.at() : Optional.empty(),
                state == State.ACTIVE ? Optional.empty() : Optional.of(next.text()), next.clear()));
    }
}
