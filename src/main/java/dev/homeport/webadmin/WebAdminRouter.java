package dev.homeport.webadmin;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.Ownership;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import dev.homeport.net.Ipv4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Router} played through the admin pages by a profile. Every call is one session (login, work, logout).
 * Adding reads the table first (already there: nothing is submitted; someone else's: conflict), runs the profile's
 * forward steps and reads the table again to verify. Removing touches only entries homeport named ("homeport ...")
 * that point at the given host.
 */
final class WebAdminRouter implements Router {
    private static final Logger LOG = LoggerFactory.getLogger(WebAdminRouter.class);
    private static final Pattern RANGE = Pattern.compile("(\\d{1,5})(?:\\s*-\\s*(\\d{1,5}))?");

    /** Opens one admin session per call. */
    interface Sessions {
        <T> T apply(Function<Driver, T> work);

        String describe();
    }

    /** A table row as a mapping, with the row's columns for the unforward steps ({@code row.index}...). */
    record Entry(PortMapping mapping, Map<String, String> row) { }

    private final Profile profile;
    private final String description;
    private final Sessions sessions;

    WebAdminRouter(Profile profile, String description, Sessions sessions) {
        this.profile = profile;
        this.description = description;
        this.sessions = sessions;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String externalAddress() {
        throw new WebAdminException(Kind.WEB_ADMIN, "profile " + profile.id() + " cannot read the router's WAN address",
                "use UPnP (--via upnp) or an IP-echo service for the address",
                new WebAdminException.Context("", profile.id(), "", 0));
    }

    @Override
    public List<PortMapping> list() {
        return sessions.apply(d -> read(d).stream().map(Entry::mapping).toList());
    }

    @Override
    public Optional<PortMapping> find(int externalPort, Protocol protocol) {
        return list().stream().filter(m -> m.externalPort() == externalPort && m.protocol() == protocol).findFirst();
    }

    @Override
    public AddResult add(PortMapping wanted) {
        Profile.Operation op = operation("forward");
        String name = checkName(wanted.description());
        if (!profile.limits().portTranslation() && wanted.internalPort() != wanted.externalPort()) {
            throw new HomeportException(Kind.USAGE, "this router's web admin (profile " + profile.id()
                    + ") forwards a port to the same port only, not " + wanted.externalPort() + " to " + wanted.internalPort(),
                    "make the server listen on " + wanted.externalPort() + ", or use UPnP");
        }
        return sessions.apply(d -> {
            List<Entry> before = read(d);
            for (Entry e : before) {
                PortMapping m = e.mapping();
                if (m.externalPort() != wanted.externalPort() || m.protocol() != wanted.protocol()) continue;
                if (m.sameTarget(wanted)) {
                    LOG.info("{} is already forwarded to {}:{} ('{}'): nothing to change", wanted.key(), m.internalClient(),
                            m.internalPort(), m.description());
                    return new AddResult.AlreadyPresent(m);
                }
                return new AddResult.Conflict(m);
            }
            // Names are unique on these routers: the same forward for the other protocol gets its own name.
            String unique = before.stream().anyMatch(e -> e.mapping().description().equals(name))
                    ? checkName(name + " " + wanted.protocol().label()) : name;
            Map<String, String> vars = vars(wanted, unique);
            d.run(op.steps(), vars);
            op.verify().ifPresent(v -> verify(d, v, vars));
            for (Entry e : read(d)) {
                if (e.mapping().sameTarget(wanted) && e.mapping().description().equals(unique)) return new AddResult.Added(e.mapping());
            }
            throw d.failure(op.steps().get(op.steps().size() - 1), "the router accepted the forms but "
                    + wanted.key() + " to " + wanted.internalClient() + " is not in its table", null);
        });
    }

    @Override
    public RemoveResult remove(int externalPort, Protocol protocol, String internalClient) {
        Profile.Operation op = operation("unforward");
        return sessions.apply(d -> {
            List<Entry> onPort = read(d).stream()
                    .filter(e -> e.mapping().externalPort() == externalPort && e.mapping().protocol() == protocol).toList();
            Optional<Entry> found = onPort.stream().filter(e -> e.mapping().internalClient().equals(internalClient)).findFirst()
                    .or(() -> onPort.stream().findFirst());
            if (found.isEmpty()) return new RemoveResult.Absent();
            PortMapping m = found.get().mapping();
            if (!Ownership.isOwned(m.description()) || !m.internalClient().equals(internalClient)) {
                return new RemoveResult.NotOwned(m);
            }
            Map<String, String> vars = vars(m, m.description());
            found.get().row().forEach((k, v) -> vars.put("row." + k, v));
            d.run(op.steps(), vars);
            op.verify().ifPresent(v -> verify(d, v, vars));
            boolean still = read(d).stream().anyMatch(e -> e.mapping().sameTarget(m) && e.mapping().description().equals(m.description()));
            if (still) {
                throw d.failure(op.steps().get(op.steps().size() - 1), "the router accepted the forms but "
                        + m.key() + " is still in its table", null);
            }
            return new RemoveResult.Removed(m);
        });
    }

    private Profile.Operation operation(String name) {
        return profile.operation(name).orElseThrow(() -> new HomeportException(Kind.USAGE,
                "profile " + profile.id() + " has no '" + name + "' operation", "pick another profile with --profile"));
    }

    private String checkName(String name) {
        if (name.length() > profile.limits().nameMax()) {
            throw new HomeportException(Kind.USAGE, "the name '" + name + "' is longer than the " + profile.limits().nameMax()
                    + " characters this router accepts", "give a shorter --name");
        }
        if (!Pattern.compile(profile.limits().namePattern()).matcher(name).find()) {
            throw new HomeportException(Kind.USAGE, "the name '" + name + "' has characters this router refuses",
                    "use plain ASCII letters, digits, spaces and - _ .");
        }
        return name;
    }

    private Map<String, String> vars(PortMapping m, String name) {
        Map<String, String> vars = new HashMap<>();
        Map<String, String> protos = profile.values().getOrDefault("proto", Map.of());
        vars.put("name", name);
        vars.put("proto", protos.getOrDefault(m.protocol().name(), m.protocol().name()));
        vars.put("ext_port", String.valueOf(m.externalPort()));
        vars.put("int_port", String.valueOf(m.internalPort()));
        vars.put("lan_ip", m.internalClient());
        String[] octets = m.internalClient().split("\\.");
        for (int i = 0; i < 4; i++) vars.put("lan_ip." + (i + 1), i < octets.length ? octets[i] : "");
        return vars;
    }

    static void verify(Driver d, Profile.Verify v, Map<String, String> vars) {
        Profile.Step step = new Profile.Step("verify", Optional.empty(), Optional.of(v.get()), v.fallbackGet(),
                Optional.empty(), v.expect(), Map.of(), Map.of(), Optional.empty());
        d.run(List.of(step), vars);
    }

    /** Runs the list steps and turns the tables into entries. */
    List<Entry> read(Driver d) {
        Profile.ListSpec spec = profile.list().orElseThrow(() -> new HomeportException(Kind.USAGE,
                "profile " + profile.id() + " cannot list forwards", null));
        d.run(spec.steps(), new HashMap<>());
        List<Map<String, String>> from = d.tables().getOrDefault(spec.from(), List.of());
        Map<String, Map<String, String>> joined = new HashMap<>();
        spec.join().ifPresent(j -> d.tables().getOrDefault(j.table(), List.of())
                .forEach(r -> joined.putIfAbsent(r.getOrDefault(j.to(), ""), r)));
        List<Entry> out = new ArrayList<>();
        int rows = 0;
        for (Map<String, String> row : from) {
            if (rows++ >= MAX_ENTRIES || out.size() >= MAX_ENTRIES) {
                LOG.warn("the router's forwarding table was cut short: at most {} entries are read", MAX_ENTRIES);
                break;
            }
            Map<String, String> ctx = new LinkedHashMap<>(row);
            if (spec.join().isPresent()) {
                Profile.Join j = spec.join().get();
                Map<String, String> other = joined.getOrDefault(row.getOrDefault(j.on(), ""), Map.of());
                for (String col : joinColumns(d, j)) ctx.put(j.table() + "." + col, other.getOrDefault(col, ""));
            }
            for (PortMapping m : toMappings(spec, ctx)) {
                if (out.size() < MAX_ENTRIES) out.add(new Entry(m, ctx));
            }
        }
        LOG.debug("the router's table: {} entries", out.size());
        return out;
    }

    private static List<String> joinColumns(Driver d, Profile.Join j) {
        List<Map<String, String>> rows = d.tables().getOrDefault(j.table(), List.of());
        return rows.isEmpty() ? List.of() : List.copyOf(rows.get(0).keySet());
    }

    private List<PortMapping> toMappings(Profile.ListSpec spec, Map<String, String> ctx) {
        Map<String, String> f = new HashMap<>();
        spec.fields().forEach((k, t) -> f.put(k, Template.expand(t, withDefaults(ctx, spec))));
        String proto = spec.protocols().getOrDefault(f.get("protocol"), f.get("protocol").toUpperCase(java.util.Locale.ROOT));
        List<Integer> ext = ports(f.get("external_port"));
        List<Integer> in = f.containsKey("internal_port") ? ports(f.get("internal_port")) : ext;
        String ip = f.get("lan_ip").strip();
        if (ext.isEmpty() || in.isEmpty() || !Ipv4.isValid(ip)) {
            LOG.debug("skipping a row that is not a port forward: {}", f.get("name"));
            return List.of();
        }
        List<Protocol> protocols = switch (proto) {
            case "TCP" -> List.of(Protocol.TCP);
            case "UDP" -> List.of(Protocol.UDP);
            case "BOTH", "TCP/UDP" -> List.of(Protocol.TCP, Protocol.UDP);
            default -> List.of();
        };
        List<PortMapping> out = new ArrayList<>();
        for (int i = 0; i < ext.size(); i++) {
            // A range forwards port by port when both sides list as many ports; else everything goes to the first.
            int internal = in.size() == ext.size() ? in.get(i) : in.get(0);
            for (Protocol p : protocols) out.add(PortMapping.of(ext.get(i), p, ip, internal, f.get("name"), 0));
        }
        return out;
    }

    private static Map<String, String> withDefaults(Map<String, String> ctx, Profile.ListSpec spec) {
        Map<String, String> m = new HashMap<>(ctx);
        spec.join().ifPresent(j -> {
            for (String t : spec.fields().values()) {
                Matcher v = Pattern.compile("\\{\\{\\s*(" + Pattern.quote(j.table()) + "\\.[\\w]+)").matcher(t);
                while (v.find()) m.putIfAbsent(v.group(1), "");
            }
        });
        return m;
    }

    /** Ports of "888", "888-890" or "80,888-890" (firmware list syntax); at most 1024; empty when unreadable. */
    static List<Integer> ports(String spec) {
        List<Integer> out = new ArrayList<>();
        if (spec == null) return out;
        for (String part : spec.split(",")) {
            Matcher m = RANGE.matcher(part.strip());
            if (!m.matches()) return List.of();
            int a = Integer.parseInt(m.group(1));
            int b = m.group(2) == null ? a : Integer.parseInt(m.group(2));
            if (a < 1 || b > 65535 || a > b) return List.of();
            for (int p = a; p <= b && out.size() < 1024; p++) out.add(p);
        }
        return out;
    }
}
