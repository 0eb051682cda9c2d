package dev.homeport.webadmin;

import dev.homeport.webadmin.ProfileYaml.Sec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Reads a profile (and the family file it extends) into a {@link Profile}, checking everything that can be checked
 * without a router: keys, types, selectors, regexes, template variables, step ids and {@code when} references.
 * Every problem is a {@link ProfileException} naming file, line and key. Uses snakeyaml-engine's node API so every
 * value keeps its line.
 */
final class ProfileLoader {
    /** A named YAML text: a file path or {@code builtin:profiles/...}. */
    record Source(String label, String text) { }

    private static final Set<String> PROFILE_KEYS = Set.of("schema", "id", "title", "extends", "models", "sources", "notes",
            "detect", "transport", "session", "values", "limits", "list", "forward", "unforward", "ddns");
    private static final Set<String> FAMILY_KEYS = Set.of("schema", "family", "title", "sources", "notes", "models",
            "detect", "transport", "session", "values", "limits", "list", "forward", "unforward", "ddns");
    static final Set<String> FORWARD_VARS = Set.of("name", "proto", "ext_port", "int_port", "lan_ip", "lan_ip.1", "lan_ip.2",
            "lan_ip.3", "lan_ip.4");
    static final Set<String> DDNS_VARS = Set.of("ddns_provider", "ddns_host", "ddns_user", "ddns_password");
    static final Set<String> LIST_FIELDS = Set.of("name", "protocol", "external_port", "internal_port", "lan_ip");

    private final Function<String, Optional<Source>> families;
    private final ProfileYaml y = new ProfileYaml();
    private final StepReader stepReader = new StepReader(y);

    /** @param families finds a family file by name ({@code extends: netgear-sercomm}) */
    ProfileLoader(Function<String, Optional<Source>> families) {
        this.families = families;
    }

    /**
     * Loads one profile.
     *
     * @throws ProfileException naming file, line and key of the first problem
     */
    Profile load(Source source) {
        Node root = y.parse(source);
        MappingNode top = y.mapping(root, "", PROFILE_KEYS);
        Sec m = y.sec(top, "");
        String file = source.label();
        y.checkSchema(m, root, file);
        String id = y.requiredString(m, root, "id", "add 'id: vendor.family.flow' (unique among profiles)");
        if (!id.matches("[a-z0-9][a-z0-9._-]{1,80}")) {
            throw y.error(m.get("id").getValueNode(), "id", "'" + id + "' must be lower-case letters, digits, '.', '_' or '-'",
                    "for example netgear.acos.pforward");
        }
        String family = "";
        MappingNode merged = top;
        if (m.containsKey("extends")) {
            Node famNode = m.get("extends").getValueNode();
            String famName = y.scalar(famNode, "extends");
            family = famName;
            Source famSource = families.apply(famName).orElseThrow(() -> y.error(famNode, "extends",
                    "no family file '" + famName + "'", "family files live in profiles/_families/NAME.yaml"));
            Node famRoot = y.parse(famSource);
            MappingNode famTop = y.mapping(famRoot, "", FAMILY_KEYS);
            Sec fm = y.sec(famTop, "");
            y.checkSchema(fm, famRoot, famSource.label());
            merged = ProfileYaml.merge(famTop, top);
        }
        return build(source.label(), id, family, y.sec(merged, ""), root);
    }

    private Profile build(String file, String id, String family, Sec m, Node root) {
        String title = y.optString(m, "title").orElse(id);
        List<String> models = m.containsKey("models") ? y.strings(m.get("models").getValueNode(), "models") : List.of();
        Profile.Detect detect = m.containsKey("detect") ? detect(m.get("detect").getValueNode())
                : new Profile.Detect(List.of(), List.of());
        Profile.Transport transport = transport(m.containsKey("transport") ? m.get("transport").getValueNode() : null);
        Profile.Session session = session(m.containsKey("session") ? m.get("session").getValueNode() : null);
        Map<String, Map<String, String>> values = m.containsKey("values") ? values(m.get("values").getValueNode())
                : Map.of();
        Profile.Limits limits = limits(m.containsKey("limits") ? m.get("limits").getValueNode() : null);
        Optional<Profile.ListSpec> list = m.containsKey("list") ? Optional.of(list(m.get("list").getValueNode()))
                : Optional.empty();
        Map<String, Profile.Operation> ops = new LinkedHashMap<>();
        if (m.containsKey("forward")) ops.put("forward", operation(m.get("forward").getValueNode(), "forward", FORWARD_VARS));
        if (m.containsKey("unforward")) {
            ops.put("unforward", operation(m.get("unforward").getValueNode(), "unforward", FORWARD_VARS));
        }
        if (m.containsKey("ddns")) ops.put("ddns", operation(m.get("ddns").getValueNode(), "ddns", DDNS_VARS));
        if (ops.containsKey("forward") && list.isEmpty()) {
            throw y.error(root, "list", "a profile with 'forward' needs 'list'",
                    "homeport reads the table first (idempotency) and after (verification)");
        }
        if (ops.isEmpty()) {
            throw y.error(root, "forward", "the profile has no operation",
                    "add at least one of 'forward:' (with 'list:' and 'unforward:') or 'ddns:'");
        }
        return new Profile(id, title, family, models, file, detect, transport, session, values, limits, list, ops);
    }

    // ---- sections -------------------------------------------------------------------------------------------

    private Profile.Detect detect(Node node) {
        Sec m = y.sec(y.mapping(node, "detect", Set.of("any", "require")), "detect");
        List<Profile.Probe> any = m.containsKey("any") ? probes(m.get("any").getValueNode(), "detect.any") : List.of();
        List<Profile.Probe> req = m.containsKey("require") ? probes(m.get("require").getValueNode(), "detect.require")
                : List.of();
        return new Profile.Detect(any, req);
    }

    private List<Profile.Probe> probes(Node node, String at) {
        List<Profile.Probe> out = new ArrayList<>();
        int i = 0;
        for (Node item : y.sequence(node, at)) {
            String p = at + "[" + i++ + "]";
            Sec m = y.sec(y.mapping(item, p, Set.of("probe", "path", "auth", "regex", "form")), p);
            String kind = y.requiredString(m, item, "probe", "use 'probe: auth_realm' or 'probe: get'");
            if (!kind.equals("auth_realm") && !kind.equals("get")) {
                throw y.error(m.get("probe").getValueNode(), p + ".probe", "'" + kind + "' must be auth_realm or get", null);
            }
            String path = kind.equals("get") ? y.requiredString(m, item, "path", "add 'path: /currentsetting.htm'") : "";
            boolean auth = y.optString(m, "auth").map(v -> y.bool(m.get("auth").getValueNode(), p + ".auth", v)).orElse(false);
            Optional<String> regex = y.optString(m, "regex");
            regex.ifPresent(r -> y.checkRegex(m.get("regex").getValueNode(), p + ".regex", r, v -> false));
            Optional<String> form = y.optString(m, "form");
            form.ifPresent(f -> y.checkSelector(m.get("form").getValueNode(), p + ".form", f));
            if (regex.isEmpty() && form.isEmpty()) {
                throw y.error(item, p, "a probe needs 'regex' or 'form'", "say what must be seen, e.g. regex: '^NETGEAR R7000'");
            }
            out.add(new Profile.Probe(kind, path, auth, regex, form));
        }
        return out;
    }

    private Profile.Transport transport(Node node) {
        Sec m = node == null ? new Sec("transport", Map.of())
                : y.sec(y.mapping(node, "transport", Set.of("auth", "cookie_echo", "throttle_ms", "timeout_s", "charset_fallback")),
                        "transport");
        String auth = y.optString(m, "auth").orElse("basic");
        if (!auth.equals("basic")) {
            throw y.error(m.get("auth").getValueNode(), "transport.auth", "'" + auth + "' is not supported",
                    "schema 1 knows 'basic' (HTTP Basic authentication)");
        }
        boolean echo = y.optString(m, "cookie_echo").map(v -> y.bool(m.get("cookie_echo").getValueNode(), "transport.cookie_echo", v))
                .orElse(true);
        int throttle = y.optInt(m, "throttle_ms", 0, 10_000).orElse(400);
        int timeout = y.optInt(m, "timeout_s", 1, 120).orElse(15);
        String charset = y.optString(m, "charset_fallback").orElse("ISO-8859-1");
        try {
            java.nio.charset.Charset.forName(charset);
        } catch (IllegalArgumentException e) {
            throw y.error(m.get("charset_fallback").getValueNode(), "transport.charset_fallback", "unknown charset '" + charset + "'",
                    "for example ISO-8859-1 or windows-1252");
        }
        return new Profile.Transport(auth, echo, throttle, timeout, charset);
    }

    private Profile.Session session(Node node) {
        Sec m = node == null ? new Sec("session", Map.of())
                : y.sec(y.mapping(node, "session", Set.of("busy", "take_over", "expired", "errors", "logout")), "session");
        Optional<String> busy = optRegexIn(m, "busy", "session.busy");
        Optional<String> expired = optRegexIn(m, "expired", "session.expired");
        List<String> errors = new ArrayList<>();
        if (m.containsKey("errors")) {
            int i = 0;
            for (Node n : y.sequence(m.get("errors").getValueNode(), "session.errors")) {
                String at = "session.errors[" + i++ + "]";
                String r = y.scalar(n, at);
                y.checkRegex(n, at, r, v -> false);
                errors.add(r);
            }
        }
        Set<String> none = Set.of();
        List<Profile.Step> takeOver = m.containsKey("take_over")
                ? stepReader.steps(m.get("take_over").getValueNode(), "session.take_over", none, new HashSet<>()) : List.of();
        List<Profile.Step> logout = m.containsKey("logout")
                ? stepReader.steps(m.get("logout").getValueNode(), "session.logout", none, new HashSet<>()) : List.of();
        return new Profile.Session(busy, takeOver, expired, errors, logout);
    }

    private Optional<String> optRegexIn(Sec m, String key, String at) {
        if (!m.containsKey(key)) return Optional.empty();
        Node n = m.get(key).getValueNode();
        Sec inner = y.sec(y.mapping(n, at, Set.of("body_regex")), at);
        String r = y.requiredString(inner, n, "body_regex", "add 'body_regex: ...' matching the page");
        y.checkRegex(inner.get("body_regex").getValueNode(), at + ".body_regex", r, v -> false);
        return Optional.of(r);
    }

    private Map<String, Map<String, String>> values(Node node) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (NodeTuple t : y.mapping(node, "values", null).getValue()) {
            String param = y.scalar(t.getKeyNode(), "values");
            if (!param.equals("proto") && !param.equals("ddns_provider")) {
                throw y.error(t.getKeyNode(), "values." + param, "unknown parameter",
                        "value maps exist for 'proto' (TCP, UDP, BOTH) and 'ddns_provider' (dyndns)");
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (NodeTuple e : y.mapping(t.getValueNode(), "values." + param, null).getValue()) {
                map.put(y.scalar(e.getKeyNode(), "values." + param), y.scalar(e.getValueNode(), "values." + param));
            }
            out.put(param, Map.copyOf(map));
        }
        return out;
    }

    private Profile.Limits limits(Node node) {
        Sec m = node == null ? new Sec("limits", Map.of())
                : y.sec(y.mapping(node, "limits", Set.of("name_max", "name_pattern", "port_translation")), "limits");
        int max = y.optInt(m, "name_max", 1, 255).orElse(30);
        String pattern = y.optString(m, "name_pattern").orElse("^[\\x20-\\x7E]+$");
        if (m.containsKey("name_pattern")) y.checkRegex(m.get("name_pattern").getValueNode(), "limits.name_pattern", pattern, v -> false);
        boolean translation = y.optString(m, "port_translation")
                .map(v -> y.bool(m.get("port_translation").getValueNode(), "limits.port_translation", v)).orElse(true);
        return new Profile.Limits(max, pattern, translation);
    }

    private Profile.ListSpec list(Node node) {
        Sec m = y.sec(y.mapping(node, "list", Set.of("steps", "from", "join", "fields", "protocols")), "list");
        if (!m.containsKey("steps")) throw y.error(node, "list.steps", "missing", "add the steps that fetch the table pages");
        List<Profile.Step> steps = stepReader.steps(m.get("steps").getValueNode(), "list.steps", Set.of(), new HashSet<>());
        Map<String, Profile.Table> tables = new LinkedHashMap<>();
        steps.forEach(s -> tables.putAll(s.tables()));
        String from = y.requiredString(m, node, "from", "name the table with one row per forward");
        if (!tables.containsKey(from)) {
            throw y.error(m.get("from").getValueNode(), "list.from", "no step reads a table '" + from + "'",
                    "tables read: " + String.join(", ", new TreeSet<>(tables.keySet())));
        }
        Set<String> known = new HashSet<>(tables.get(from).split().map(Profile.Split::columns)
                .orElseGet(() -> List.copyOf(tables.get(from).cells().keySet())));
        Optional<Profile.Join> join = Optional.empty();
        if (m.containsKey("join")) {
            Node jn = m.get("join").getValueNode();
            Sec j = y.sec(y.mapping(jn, "list.join", Set.of("table", "on", "to")), "list.join");
            String table = y.requiredString(j, jn, "table", "name the table to join");
            if (!tables.containsKey(table)) {
                throw y.error(j.get("table").getValueNode(), "list.join.table", "no step reads a table '" + table + "'", null);
            }
            join = Optional.of(new Profile.Join(table, y.requiredString(j, jn, "on", "the column of '" + from + "'"),
                    y.requiredString(j, jn, "to", "the column of '" + table + "'")));
            Profile.Table jt = tables.get(table);
            for (String c : jt.split().map(Profile.Split::columns).orElseGet(() -> List.copyOf(jt.cells().keySet()))) {
                known.add(table + "." + c);
            }
        }
        if (!m.containsKey("fields")) throw y.error(node, "list.fields", "missing", "map name, protocol, external_port, lan_ip");
        Node fn = m.get("fields").getValueNode();
        Sec f = y.sec(y.mapping(fn, "list.fields", LIST_FIELDS), "list.fields");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String k : List.of("name", "protocol", "external_port", "lan_ip")) {
            if (!f.containsKey(k)) throw y.error(fn, "list.fields." + k, "missing", "give a template over the row's columns");
        }
        for (Map.Entry<String, NodeTuple> e : f.entrySet()) {
            String v = y.scalar(e.getValue().getValueNode(), "list.fields." + e.getKey());
            y.checkTemplate(e.getValue().getValueNode(), "list.fields." + e.getKey(), v, known::contains);
            fields.put(e.getKey(), v);
        }
        Map<String, String> protocols = new LinkedHashMap<>();
        if (m.containsKey("protocols")) {
            for (NodeTuple t : y.mapping(m.get("protocols").getValueNode(), "list.protocols", null).getValue()) {
                String v = y.scalar(t.getValueNode(), "list.protocols").toUpperCase(Locale.ROOT);
                if (!Set.of("TCP", "UDP", "BOTH").contains(v)) {
                    throw y.error(t.getValueNode(), "list.protocols", "'" + v + "' must be TCP, UDP or BOTH", null);
                }
                protocols.put(y.scalar(t.getKeyNode(), "list.protocols"), v);
            }
        }
        return new Profile.ListSpec(steps, from, join, fields, protocols);
    }

    private Profile.Operation operation(Node node, String at, Set<String> vars) {
        Sec m = y.sec(y.mapping(node, at, Set.of("steps", "verify")), at);
        if (!m.containsKey("steps")) throw y.error(node, at + ".steps", "missing", "list the steps, each with 'get' or 'submit'");
        Set<String> known = new HashSet<>(vars);
        if (at.equals("unforward")) known.add("row.*");
        List<Profile.Step> steps = stepReader.steps(m.get("steps").getValueNode(), at + ".steps", known, new HashSet<>());
        Optional<Profile.Verify> verify = Optional.empty();
        if (m.containsKey("verify")) {
            Node vn = m.get("verify").getValueNode();
            Sec v = y.sec(y.mapping(vn, at + ".verify", Set.of("get", "fallback_get", "expect")), at + ".verify");
            String get = y.requiredString(v, vn, "get", "the page that shows the result");
            y.checkTemplate(v.get("get").getValueNode(), at + ".verify.get", get, StepReader.isKnown(known));
            if (!v.containsKey("expect")) throw y.error(vn, at + ".verify.expect", "missing", "add 'expect: {body_regex: ...}'");
            verify = Optional.of(new Profile.Verify(get, y.optString(v, "fallback_get"),
                    stepReader.expect(v.get("expect").getValueNode(), at + ".verify.expect", known)));
        }
        return new Profile.Operation(steps, verify);
    }
}
