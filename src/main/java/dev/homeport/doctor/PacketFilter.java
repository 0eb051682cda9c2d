package dev.homeport.doctor;

import dev.homeport.core.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A read-only model of the input path of nftables or iptables, enough to answer "does a new TCP connection to port
 * P from the internet get dropped here?". Rules that only apply to some sources, interfaces or connection states
 * cannot decide that for the internet and are passed over; jumps into user chains are followed.
 */
final class PacketFilter {
    private static final int MAX_DEPTH = 16;
    private static final Pattern NFT_DPORT = Pattern.compile("\\b(tcp|udp|th) dport (\\{[^}]*\\}|\\S+)");
    private static final Pattern NFT_L4PROTO = Pattern.compile("\\b(?:meta l4proto|ip protocol) (tcp|udp)\\b");
    private static final Pattern NFT_VERDICT = Pattern.compile(
            "\\b(accept|drop|reject(?: with [a-z0-9 -]+?)?|return|(?:jump|goto) \\S+)\\s*(?:comment .*)?$");
    private static final List<String> NFT_CONDITIONS = List.of(" ct ", "iif", "saddr", "sport", "icmp", "pkttype", "limit ",
            "mark", "ether ", "nfproto", "@", "!=", "fib ", "meta skuid", "tcp flags", "ip6 ");
    private static final List<String> IPT_CONDITIONS = List.of(" -s ", " -i ", "--ctstate", "--state", " ! ", "--sport",
            "--src-range", "--icmp", "-m recent", "-m limit", "--mark", "--pkt-type", "--uid-owner", "--match-set", "-m addrtype");

    /** What happens to the packet. */
    enum Verdict { ACCEPT, DROP }

    /**
     * The answer for one port.
     *
     * @param verdict  accepted or dropped
     * @param chain    the base chain that decided, e.g. {@code inet filter input}
     * @param reason   the rule that decided, or {@code policy drop}
     */
    record Decision(Verdict verdict, String chain, String reason) {
    }

    private record Rule(String text, Optional<Protocol> protocol, Optional<String> ports, boolean conditional,
                        String action, Optional<String> target) {
    }

    private record Chain(String name, boolean inputHook, Verdict policy, List<Rule> rules) {
    }

    /** Chains by table, in file order; the key is "family table". */
    private final Map<String, Map<String, Chain>> tables;

    private PacketFilter(Map<String, Map<String, Chain>> tables) {
        this.tables = tables;
    }

    /** Parses {@code nft list ruleset}; IPv6-only tables are left out (mappings are IPv4). */
    static PacketFilter nft(String ruleset) {
        Map<String, Map<String, Chain>> tables = new LinkedHashMap<>();
        Map<String, Chain> table = null;
        String chainName = null;
        boolean hook = false;
        Verdict policy = Verdict.ACCEPT;
        List<Rule> rules = new ArrayList<>();
        int depth = 0;
        for (String raw : ruleset.split("\n")) {
            String line = raw.strip();
            int opens = count(line, '{');
            int closes = count(line, '}');
            if (depth == 0 && line.startsWith("table ") && opens > 0) {
                String[] f = line.split("\\s+");
                boolean relevant = f.length >= 3 && (f[1].equals("inet") || f[1].equals("ip"));
                table = relevant ? tables.computeIfAbsent(f[1] + " " + f[2], k -> new LinkedHashMap<>()) : null;
            } else if (depth == 1 && line.startsWith("chain ") && opens > 0) {
                chainName = line.split("\\s+")[1];
                hook = false;
                policy = Verdict.ACCEPT;
                rules = new ArrayList<>();
            } else if (depth == 2 && chainName != null && !line.isEmpty()) {
                if (line.startsWith("type ")) {
                    hook = line.contains("hook input");
                    policy = line.contains("policy drop") ? Verdict.DROP : Verdict.ACCEPT;
                } else if (!line.equals("}")) {
                    nftRule(line).ifPresent(rules::add);
                }
            }
            depth += opens - closes;
            if (depth == 1 && chainName != null) {
                if (table != null) table.put(chainName, new Chain(chainName, hook, policy, List.copyOf(rules)));
                chainName = null;
            }
            if (depth <= 0) {
                depth = 0;
                table = null;
            }
        }
        return new PacketFilter(tables);
    }

    private static Optional<Rule> nftRule(String line) {
        Matcher v = NFT_VERDICT.matcher(line);
        if (!v.find()) return Optional.empty();
        String[] action = v.group(1).split(" ");
        String padded = " " + line.substring(0, v.start()) + " ";
        boolean conditional = NFT_CONDITIONS.stream().anyMatch(padded::contains);
        Optional<Protocol> protocol = Optional.empty();
        Optional<String> ports = Optional.empty();
        Matcher d = NFT_DPORT.matcher(padded);
        if (d.find()) {
            if (!d.group(1).equals("th")) protocol = Optional.of(Protocol.parse(d.group(1)));
            ports = Optional.of(d.group(2).replaceAll("[{}\\s]", ""));
        }
        Matcher p = NFT_L4PROTO.matcher(padded);
        if (p.find()) protocol = Optional.of(Protocol.parse(p.group(1)));
        boolean jumps = action[0].equals("jump") || action[0].equals("goto");
        return Optional.of(new Rule(line, protocol, ports, conditional, action[0], jumps ? Optional.of(action[1]) : Optional.empty()));
    }

    /** Parses {@code iptables-save}; only its {@code *filter} table matters here. */
    static PacketFilter iptables(String save) {
        Map<String, Chain> chains = new LinkedHashMap<>();
        Map<String, Verdict> policies = new LinkedHashMap<>();
        Map<String, List<Rule>> rules = new LinkedHashMap<>();
        boolean filter = false;
        for (String raw : save.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                filter = line.equals("*filter");
            } else if (filter && line.startsWith(":")) {
                String[] f = line.substring(1).split("\\s+");
                policies.put(f[0], f.length > 1 && f[1].equals("DROP") ? Verdict.DROP : Verdict.ACCEPT);
                rules.put(f[0], new ArrayList<>());
            } else if (filter && line.startsWith("-A ")) {
                String[] f = line.split("\\s+");
                iptablesRule(line).ifPresent(r -> rules.computeIfAbsent(f[1], k -> new ArrayList<>()).add(r));
            }
        }
        for (Map.Entry<String, List<Rule>> e : rules.entrySet()) {
            String name = e.getKey();
            chains.put(name, new Chain(name, name.equals("INPUT"), policies.getOrDefault(name, Verdict.ACCEPT), List.copyOf(e.getValue())));
        }
        Map<String, Map<String, Chain>> tables = new LinkedHashMap<>();
        tables.put("iptables filter", chains);
        return new PacketFilter(tables);
    }

    private static Optional<Rule> iptablesRule(String line) {
        String padded = " " + line + " ";
        Matcher jump = Pattern.compile(" -([jg]) (\\S+)").matcher(padded);
        if (!jump.find()) return Optional.empty();
        String target = jump.group(2);
        String action = switch (target) {
            case "ACCEPT" -> "accept";
            case "DROP", "REJECT" -> "drop";
            case "RETURN" -> "return";
            case "LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "TRACE" -> "";
            default -> jump.group(1).equals("j") ? "jump" : "goto";
        };
        if (action.isEmpty()) return Optional.empty();
        boolean conditional = IPT_CONDITIONS.stream().anyMatch(padded::contains);
        Matcher proto = Pattern.compile(" -p (tcp|udp) ").matcher(padded);
        Optional<Protocol> protocol = proto.find() ? Optional.of(Protocol.parse(proto.group(1))) : Optional.empty();
        Matcher dport = Pattern.compile(" --dports? (\\S+) ").matcher(padded);
        Optional<String> ports = dport.find() ? Optional.of(dport.group(1).replace(':', '-')) : Optional.empty();
        boolean jumps = action.equals("jump") || action.equals("goto");
        return Optional.of(new Rule(line, protocol, ports, conditional, action, jumps ? Optional.of(target) : Optional.empty()));
    }

    /**
     * The first base input chain that drops a new connection to {@code port}, else the accepting decision of the
     * last one; empty when no input chain exists.
     */
    Optional<Decision> decide(int port, Protocol protocol) {
        Optional<Decision> accepted = Optional.empty();
        for (Map.Entry<String, Map<String, Chain>> table : tables.entrySet()) {
            for (Chain chain : table.getValue().values()) {
                if (!chain.inputHook()) continue;
                String where = table.getKey().startsWith("iptables") ? "filter " + chain.name()
                        : table.getKey() + " " + chain.name();
                Optional<Rule> rule = walk(table.getValue(), chain, port, protocol, 0);
                Decision d = rule.map(r -> new Decision(r.action().equals("accept") ? Verdict.ACCEPT : Verdict.DROP, where, r.text()))
                        .orElseGet(() -> new Decision(chain.policy(), where, "policy " + chain.policy().name().toLowerCase(Locale.ROOT)));
                if (d.verdict() == Verdict.DROP) return Optional.of(d);
                accepted = Optional.of(d);
            }
        }
        return accepted;
    }

    /** The accepting or dropping rule reached from {@code chain}, empty when the chain falls through (or returns). */
    private static Optional<Rule> walk(Map<String, Chain> table, Chain chain, int port, Protocol protocol, int depth) {
        if (depth > MAX_DEPTH) return Optional.empty();
        for (Rule r : chain.rules()) {
            if (!applies(r, port, protocol)) continue;
            switch (r.action()) {
                case "accept", "drop", "reject" -> {
                    return Optional.of(r);
                }
                case "return" -> {
                    return Optional.empty();
                }
                case "jump", "goto" -> {
                    Chain next = r.target().map(table::get).orElse(null);
                    Optional<Rule> inner = next == null ? Optional.empty() : walk(table, next, port, protocol, depth + 1);
                    if (inner.isPresent() || r.action().equals("goto")) return inner;
                }
                default -> {
                    // a rule without a verdict (counter, log) does not decide
                }
            }
        }
        return Optional.empty();
    }

    private static boolean applies(Rule r, int port, Protocol protocol) {
        if (r.conditional()) return false;
        if (r.protocol().isPresent() && r.protocol().get() != protocol) return false;
        return r.ports().map(p -> portIn(p, port)).orElse(true);
    }

    /** True when {@code port} is in a list like {@code 80,443,8000-8100}. */
    static boolean portIn(String list, int port) {
        for (String item : list.split(",")) {
            String[] range = item.split("-");
            try {
                int lo = Integer.parseInt(range[0].strip());
                int hi = range.length > 1 ? Integer.parseInt(range[1].strip()) : lo;
                if (port >= lo && port <= hi) return true;
            } catch (NumberFormatException e) {
                // a service name such as "http": not a number we can compare
            }
        }
        return false;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) n++;
        }
        return n;
    }
}
