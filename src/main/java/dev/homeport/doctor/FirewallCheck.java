package dev.homeport.doctor;

import dev.homeport.core.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Does this host's own packet filter let a new connection to the port in? Reads ufw first (its fix is the one a
 * user knows), then nftables, then iptables; any of them dropping the port is a problem.
 */
final class FirewallCheck {
    static final String NAME = "firewall";

    private final Firewall firewall;

    FirewallCheck(Firewall firewall) {
        this.firewall = firewall;
    }

    /** Reads the firewall once; the result answers for every port. */
    Reading read() {
        return new Reading(firewall.read());
    }

    /** The dumps of one run, checked per port. */
    static final class Reading {
        private final List<Firewall.Dump> dumps;

        Reading(List<Firewall.Dump> dumps) {
            this.dumps = List.copyOf(dumps);
        }

        Check check(Target t) {
            int port = t.port();
            Protocol proto = t.protocol();
            String key = port + "/" + proto.label();
            List<String> seen = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (Firewall.Dump d : dumps) {
                switch (d.outcome()) {
                    case TEXT -> {
                        Optional<Check> problem = switch (d.tool()) {
                            case "ufw" -> ufw(d.text(), t, key, seen);
                            case "nft" -> rules("nftables", PacketFilter.nft(d.text()), t, key, seen);
                            default -> rules("iptables", PacketFilter.iptables(d.text()), t, key, seen);
                        };
                        if (problem.isPresent()) return problem.get();
                    }
                    case NOT_PERMITTED -> unreadable.add(d.tool());
                    case FAILED -> failed.add(d.tool() + " failed: " + firstLine(d.text()));
                    default -> {
                        // not installed: nothing to read
                    }
                }
            }
            if (seen.isEmpty() && !unreadable.isEmpty()) {
                return Check.of(NAME, t.key(), Status.SKIPPED, "not checked: reading " + String.join(", ", unreadable)
                        + " needs root", "run 'sudo homeport doctor' to include the local firewall");
            }
            if (seen.isEmpty() && !failed.isEmpty()) {
                return Check.of(NAME, t.key(), Status.SKIPPED, "not checked: " + String.join("; ", failed), null);
            }
            if (seen.isEmpty()) {
                return Check.of(NAME, t.key(), Status.SKIPPED, "not checked: none of ufw, nft, iptables-save is installed", null);
            }
            String evidence = String.join("; ", seen);
            if (!unreadable.isEmpty()) evidence += "; not read (needs root): " + String.join(", ", unreadable);
            if (!failed.isEmpty()) evidence += "; " + String.join("; ", failed);
            return Check.ok(NAME, t.key(), evidence);
        }

        private static Optional<Check> rules(String tool, PacketFilter filter, Target t, String key, List<String> seen) {
            Optional<PacketFilter.Decision> d = filter.decide(t.port(), t.protocol());
            if (d.isEmpty()) {
                seen.add(tool + ": no input chain filters incoming traffic");
                return Optional.empty();
            }
            PacketFilter.Decision decision = d.get();
            if (decision.verdict() == PacketFilter.Verdict.ACCEPT) {
                seen.add(tool + ": " + key + " accepted (" + decision.chain() + ": " + decision.reason() + ")");
                return Optional.empty();
            }
            String fix = tool.equals("nftables")
                    ? "allow it: sudo nft insert rule " + decision.chain() + " " + t.protocol().label() + " dport " + t.port() + " accept"
                    : "allow it: sudo iptables -I INPUT -p " + t.protocol().label() + " --dport " + t.port() + " -j ACCEPT";
            return Optional.of(Check.of(NAME, t.key(), Status.PROBLEM, "the local firewall drops " + key + ": " + tool + " "
                    + decision.chain() + ": " + decision.reason(), fix + " (and make it persistent)"));
        }

        private static Optional<Check> ufw(String status, Target t, String key, List<String> seen) {
            if (!status.contains("Status: active")) {
                seen.add("ufw inactive");
                return Optional.empty();
            }
            boolean defaultDeny = status.contains("deny (incoming)") || status.contains("reject (incoming)");
            boolean table = false;
            for (String line : status.split("\n")) {
                if (line.startsWith("--")) {
                    table = true;
                    continue;
                }
                if (!table || line.isBlank() || line.contains("(v6)")) continue;
                String[] cols = line.strip().split("\\s{2,}");
                if (cols.length < 3 || !cols[2].startsWith("Anywhere")) continue;
                if (!ufwMatches(cols[0], t.port(), t.protocol())) continue;
                if (cols[1].startsWith("ALLOW")) {
                    seen.add("ufw allows " + key + " (" + cols[0] + " " + cols[1] + ")");
                    return Optional.empty();
                }
                if (cols[1].startsWith("DENY") || cols[1].startsWith("REJECT")) {
                    return Optional.of(Check.of(NAME, t.key(), Status.PROBLEM, "the local firewall drops " + key
                            + ": ufw rule '" + cols[0] + " " + cols[1] + "'", "allow it: sudo ufw delete deny " + cols[0]
                            + " && sudo ufw allow " + key));
                }
            }
            if (defaultDeny) {
                return Optional.of(Check.of(NAME, t.key(), Status.PROBLEM, "the local firewall drops " + key
                        + ": ufw is active, denies incoming by default and no rule allows " + key, "allow it: sudo ufw allow " + key));
            }
            seen.add("ufw active, incoming allowed by default");
            return Optional.empty();
        }

        /** ufw's "To" column: {@code 888}, {@code 888/tcp}, {@code 80,443/tcp}, {@code 8000:8100/tcp}; app names never match. */
        static boolean ufwMatches(String to, int port, Protocol protocol) {
            String spec = to.strip();
            int slash = spec.indexOf('/');
            if (slash >= 0) {
                if (!spec.substring(slash + 1).equalsIgnoreCase(protocol.label())) return false;
                spec = spec.substring(0, slash);
            }
            return spec.matches("[0-9,:]+") && PacketFilter.portIn(spec.replace(':', '-'), port);
        }

        private static String firstLine(String s) {
            String l = s.strip().lines().findFirst().orElse("no output");
            return l.length() > 80 ? l.substring(0, 80) + "..." : l;
        }
    }
}
