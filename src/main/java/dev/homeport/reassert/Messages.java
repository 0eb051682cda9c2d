package dev.homeport.reassert;

import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.PortMapping;
import java.util.Optional;

/** The one-line texts of reconcile steps, so that every command and test sees the same wording. */
final class Messages {
    private final boolean dryRun;

    Messages(boolean dryRun) {
        this.dryRun = dryRun;
    }

    Step check(Step.Action action, String name, PortMapping found, Optional<PortMapping> wanted) {
        String key = found.key();
        return switch (action) {
            case OK -> Step.check(action, key, name, "ok " + target(found) + " (" + name + ", " + left(found) + ")");
            case UNMANAGED -> Step.check(action, key, name, "ok " + target(found) + " (" + name + "; made by another program as "
                    + quote(found.description()) + ", left to it)");
            case KEPT -> Step.check(action, key, name, "kept " + target(found) + " (" + name + ": not in the config"
                    + (dryRun ? "" : "; pruning is off or the router refused") + ")");
            case CONFLICT -> Step.problem(action, key, name, "conflict " + key + ": held by " + found.internalClient() + ":"
                    + found.internalPort() + " (" + quote(found.description()) + "), wanted for " + name
                    + wanted.map(w -> " -> " + w.internalClient() + ":" + w.internalPort()).orElse("") + "; left alone",
                    Optional.of("free the port on the router or on " + found.internalClient() + ", or give '" + name
                            + "' another external-port in the config"), Kind.CONFLICT);
            default -> throw new IllegalArgumentException("action (" + action + ") is not a check");
        };
    }

    Step change(Step.Action action, String name, Optional<PortMapping> after, Optional<PortMapping> before) {
        String verb = switch (action) {
            case ADDED -> dryRun ? "would add" : "added";
            case RENEWED -> dryRun ? "would renew" : "renewed";
            case FIXED -> dryRun ? "would fix" : "fixed";
            case RENAMED -> dryRun ? "would rename" : "renamed";
            case REMOVED -> dryRun ? "would remove" : "removed";
            default -> throw new IllegalArgumentException("action (" + action + ") is not a change");
        };
        String text = switch (action) {
            case REMOVED -> verb + " " + target(before.orElseThrow()) + " (" + name + ": no longer in the config)";
            case RENEWED -> verb + " " + target(after.orElseThrow()) + " (" + name + ", lease " + lease(after.get())
                    + "; " + before.map(Messages::left).orElse("") + ")";
            case FIXED -> verb + " " + target(after.orElseThrow()) + " (" + name + "; it was -> "
                    + before.map(b -> b.internalClient() + ":" + b.internalPort() + " " + quote(b.description())).orElse("?") + ")";
            case RENAMED -> verb + " " + target(after.orElseThrow()) + " (" + name + "; it was "
                    + before.map(b -> quote(b.description())).orElse("?") + ")";
            default -> verb + " " + target(after.orElseThrow()) + " (" + name + ", lease " + lease(after.get()) + ")";
        };
        String key = after.or(() -> before).orElseThrow().key();
        return Step.check(action, key, name, text);
    }

    Step failed(Step.Action action, String key, String name, HomeportException e) {
        String verb = switch (action) {
            case ADDED -> "add";
            case RENEWED -> "renew";
            case FIXED -> "fix";
            case RENAMED -> "rename";
            default -> "remove";
        };
        return Step.problem(Step.Action.FAILED, key, name, "failed to " + verb + " " + key + " (" + name + "): " + e.getMessage(),
                e.hint(), e.kind());
    }

    static Step dns(DnsResult r, String names) {
        String text = "dns: " + r.message();
        return switch (r.status()) {
            case UPDATED -> Step.check(Step.Action.DNS_UPDATED, "dns", names, text);
            case UNCHANGED -> Step.check(Step.Action.DNS_UNCHANGED, "dns", names, text);
            case HELD -> Step.problem(Step.Action.DNS_HELD, "dns", names, text, r.hint(), Kind.DDNS_BLOCKED);
            case LATCHED -> Step.problem(Step.Action.DNS_LATCHED, "dns", names, text, r.hint(), Kind.DDNS_BLOCKED);
            case FAILED -> Step.problem(Step.Action.DNS_FAILED, "dns", names, text, r.hint(), Kind.DDNS_FAILED);
        };
    }

    static String target(PortMapping m) {
        return m.key() + " -> " + m.internalClient() + ":" + m.internalPort();
    }

    static String left(PortMapping m) {
        return m.leaseSeconds() == 0 ? "permanent" : human(m.leaseSeconds()) + " left";
    }

    static String lease(PortMapping m) {
        return m.leaseSeconds() == 0 ? "permanent" : human(m.leaseSeconds());
    }

    /** {@code 6d 23h}, {@code 2h 5m}, {@code 4m 10s}, {@code 45s}: the two largest units. */
    static String human(long seconds) {
        return dev.homeport.core.Durations.human(seconds);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

}
