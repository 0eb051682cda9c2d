package dev.homeport.webadmin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

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
    private static final Set<String> STEP_KEYS = Set.of("id", "when", "get", "fallback_get", "submit", "expect", "extract",
            "tables", "changes");
    static final Set<String> FORWARD_VARS = Set.of("name", "proto", "ext_port", "int_port", "lan_ip", "lan_ip.1", "lan_ip.2",
            "lan_ip.3", "lan_ip.4");
    static final Set<String> DDNS_VARS = Set.of("ddns_provider", "ddns_host", "ddns_user", "ddns_password");
    static final Set<String> LIST_FIELDS = Set.of("name", "protocol", "external_port", "internal_port", "lan_ip");

    private final Function<String, Optional<Source>> families;

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
        Node root = parse(source);
        MappingNode top = mapping(root, "", PROFILE_KEYS);
        Sec m = sec(top, "");
        String file = source.label();
        checkSchema(m, root, file);
        String id = requiredString(m, root, "id", "add 'id: vendor.family.flow' (unique among profiles)");
        if (!id.matches("[a-z0-9][a-z0-9._-]{1,80}")) {
            throw error(m.get("id").getValueNode(), "id", "'" + id + "' must be lower-case letters, digits, '.', '_' or '-'",
                    "for example netgear.acos.pforward");
        }
        String family = "";
        MappingNode merged = top;
        if (m.containsKey("extends")) {
            Node famNode = m.get("extends").getValueNode();
            String famName = scalar(famNode, "extends");
            family = famName;
            Source famSource = families.apply(famName).orElseThrow(() -> error(famNode, "extends",
                    "no family file '" + famName + "'", "family files live in profiles/_families/NAME.yaml"));
            Node famRoot = parse(famSource);
            MappingNode famTop = mapping(famRoot, "", FAMILY_KEYS);
            Sec fm = sec(famTop, "");
            checkSchema(fm, famRoot, famSource.label());
            merged = merge(famTop, top);
        }
        return build(source.label(), id, family, sec(merged, ""), root);
    }

    private Profile build(String file, String id, String family, Sec m, Node root) {
        String title = optString(m, "title").orElse(id);
        List<String> models = m.containsKey("models") ? strings(m.get("models").getValueNode(), "models") : List.of();
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
            throw error(root, "list", "a profile with 'forward' needs 'list'",
                    "homeport reads the table first (idempotency) and after (verification)");
        }
        if (ops.isEmpty()) {
            throw error(root, "forward", "the profile has no operation",
                    "add at least one of 'forward:' (with 'list:' and 'unforward:') or 'ddns:'");
        }
        return new Profile(id, title, family, models, file, detect, transport, session, values, limits, list, ops);
    }

    // ---- sections -------------------------------------------------------------------------------------------

    private Profile.Detect detect(Node node) {
        Sec m = sec(mapping(node, "detect", Set.of("any", "require")), "detect");
        List<Profile.Probe> any = m.containsKey("any") ? probes(m.get("any").getValueNode(), "detect.any") : List.of();
        List<Profile.Probe> req = m.containsKey("require") ? probes(m.get("require").getValueNode(), "detect.require")
                : List.of();
        return new Profile.Detect(any, req);
    }

    private List<Profile.Probe> probes(Node node, String at) {
        List<Profile.Probe> out = new ArrayList<>();
        int i = 0;
        for (Node item : sequence(node, at)) {
            String p = at + "[" + i++ + "]";
            Sec m = sec(mapping(item, p, Set.of("probe", "path", "auth", "regex", "form")), p);
            String kind = requiredString(m, item, "probe", "use 'probe: auth_realm' or 'probe: get'");
            if (!kind.equals("auth_realm") && !kind.equals("get")) {
                throw error(m.get("probe").getValueNode(), p + ".probe", "'" + kind + "' must be auth_realm or get", null);
            }
            String path = kind.equals("get") ? requiredString(m, item, "path", "add 'path: /currentsetting.htm'") : "";
            boolean auth = optString(m, "auth").map(v -> bool(m.get("auth").getValueNode(), p + ".auth", v)).orElse(false);
            Optional<String> regex = optString(m, "regex");
            regex.ifPresent(r -> checkRegex(m.get("regex").getValueNode(), p + ".regex", r, v -> false));
            Optional<String> form = optString(m, "form");
            form.ifPresent(f -> checkSelector(m.get("form").getValueNode(), p + ".form", f));
            if (regex.isEmpty() && form.isEmpty()) {
                throw error(item, p, "a probe needs 'regex' or 'form'", "say what must be seen, e.g. regex: '^NETGEAR R7000'");
            }
            out.add(new Profile.Probe(kind, path, auth, regex, form));
        }
        return out;
    }

    private Profile.Transport transport(Node node) {
        Sec m = node == null ? new Sec("transport", Map.of())
                : sec(mapping(node, "transport", Set.of("auth", "cookie_echo", "throttle_ms", "timeout_s", "charset_fallback")),
                        "transport");
        String auth = optString(m, "auth").orElse("basic");
        if (!auth.equals("basic")) {
            throw error(m.get("auth").getValueNode(), "transport.auth", "'" + auth + "' is not supported",
                    "schema 1 knows 'basic' (HTTP Basic authentication)");
        }
        boolean echo = optString(m, "cookie_echo").map(v -> bool(m.get("cookie_echo").getValueNode(), "transport.cookie_echo", v))
                .orElse(true);
        int throttle = optInt(m, "throttle_ms", 0, 10_000).orElse(400);
        int timeout = optInt(m, "timeout_s", 1, 120).orElse(15);
        String charset = optString(m, "charset_fallback").orElse("ISO-8859-1");
        try {
            java.nio.charset.Charset.forName(charset);
        } catch (IllegalArgumentException e) {
            throw error(m.get("charset_fallback").getValueNode(), "transport.charset_fallback", "unknown charset '" + charset + "'",
                    "for example ISO-8859-1 or windows-1252");
        }
        return new Profile.Transport(auth, echo, throttle, timeout, charset);
    }

    private Profile.Session session(Node node) {
        Sec m = node == null ? new Sec("session", Map.of())
                : sec(mapping(node, "session", Set.of("busy", "take_over", "expired", "errors", "logout")), "session");
        Optional<String> busy = optRegexIn(m, "busy", "session.busy");
        Optional<String> expired = optRegexIn(m, "expired", "session.expired");
        List<String> errors = new ArrayList<>();
        if (m.containsKey("errors")) {
            int i = 0;
            for (Node n : sequence(m.get("errors").getValueNode(), "session.errors")) {
                String at = "session.errors[" + i++ + "]";
                String r = scalar(n, at);
                checkRegex(n, at, r, v -> false);
                errors.add(r);
            }
        }
        Set<String> none = Set.of();
        List<Profile.Step> takeOver = m.containsKey("take_over")
                ? steps(m.get("take_over").getValueNode(), "session.take_over", none, new HashSet<>()) : List.of();
        List<Profile.Step> logout = m.containsKey("logout")
                ? steps(m.get("logout").getValueNode(), "session.logout", none, new HashSet<>()) : List.of();
        return new Profile.Session(busy, takeOver, expired, errors, logout);
    }

    private Optional<String> optRegexIn(Sec m, String key, String at) {
        if (!m.containsKey(key)) return Optional.empty();
        Node n = m.get(key).getValueNode();
        Sec inner = sec(mapping(n, at, Set.of("body_regex")), at);
        String r = requiredString(inner, n, "body_regex", "add 'body_regex: ...' matching the page");
        checkRegex(inner.get("body_regex").getValueNode(), at + ".body_regex", r, v -> false);
        return Optional.of(r);
    }

    private Map<String, Map<String, String>> values(Node node) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping(node, "values", null).getValue()) {
            String param = scalar(t.getKeyNode(), "values");
            if (!param.equals("proto") && !param.equals("ddns_provider")) {
                throw error(t.getKeyNode(), "values." + param, "unknown parameter",
                        "value maps exist for 'proto' (TCP, UDP, BOTH) and 'ddns_provider' (dyndns)");
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (NodeTuple e : mapping(t.getValueNode(), "values." + param, null).getValue()) {
                map.put(scalar(e.getKeyNode(), "values." + param), scalar(e.getValueNode(), "values." + param));
            }
            out.put(param, Map.copyOf(map));
        }
        return out;
    }

    private Profile.Limits limits(Node node) {
        Sec m = node == null ? new Sec("limits", Map.of())
                : sec(mapping(node, "limits", Set.of("name_max", "name_pattern", "port_translation")), "limits");
        int max = optInt(m, "name_max", 1, 255).orElse(30);
        String pattern = optString(m, "name_pattern").orElse("^[\\x20-\\x7E]+$");
        if (m.containsKey("name_pattern")) checkRegex(m.get("name_pattern").getValueNode(), "limits.name_pattern", pattern, v -> false);
        boolean translation = optString(m, "port_translation")
                .map(v -> bool(m.get("port_translation").getValueNode(), "limits.port_translation", v)).orElse(true);
        return new Profile.Limits(max, pattern, translation);
    }

    private Profile.ListSpec list(Node node) {
        Sec m = sec(mapping(node, "list", Set.of("steps", "from", "join", "fields", "protocols")), "list");
        if (!m.containsKey("steps")) throw error(node, "list.steps", "missing", "add the steps that fetch the table pages");
        List<Profile.Step> steps = steps(m.get("steps").getValueNode(), "list.steps", Set.of(), new HashSet<>());
        Map<String, Profile.Table> tables = new LinkedHashMap<>();
        steps.forEach(s -> tables.putAll(s.tables()));
        String from = requiredString(m, node, "from", "name the table with one row per forward");
        if (!tables.containsKey(from)) {
            throw error(m.get("from").getValueNode(), "list.from", "no step reads a table '" + from + "'",
                    "tables read: " + String.join(", ", new TreeSet<>(tables.keySet())));
        }
        Set<String> known = new HashSet<>(tables.get(from).split().map(Profile.Split::columns)
                .orElseGet(() -> List.copyOf(tables.get(from).cells().keySet())));
        Optional<Profile.Join> join = Optional.empty();
        if (m.containsKey("join")) {
            Node jn = m.get("join").getValueNode();
            Sec j = sec(mapping(jn, "list.join", Set.of("table", "on", "to")), "list.join");
            String table = requiredString(j, jn, "table", "name the table to join");
            if (!tables.containsKey(table)) {
                throw error(j.get("table").getValueNode(), "list.join.table", "no step reads a table '" + table + "'", null);
            }
            join = Optional.of(new Profile.Join(table, requiredString(j, jn, "on", "the column of '" + from + "'"),
                    requiredString(j, jn, "to", "the column of '" + table + "'")));
            Profile.Table jt = tables.get(table);
            for (String c : jt.split().map(Profile.Split::columns).orElseGet(() -> List.copyOf(jt.cells().keySet()))) {
                known.add(table + "." + c);
            }
        }
        if (!m.containsKey("fields")) throw error(node, "list.fields", "missing", "map name, protocol, external_port, lan_ip");
        Node fn = m.get("fields").getValueNode();
        Sec f = sec(mapping(fn, "list.fields", LIST_FIELDS), "list.fields");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String k : List.of("name", "protocol", "external_port", "lan_ip")) {
            if (!f.containsKey(k)) throw error(fn, "list.fields." + k, "missing", "give a template over the row's columns");
        }
        for (Map.Entry<String, NodeTuple> e : f.entrySet()) {
            String v = scalar(e.getValue().getValueNode(), "list.fields." + e.getKey());
            checkTemplate(e.getValue().getValueNode(), "list.fields." + e.getKey(), v, known::contains);
            fields.put(e.getKey(), v);
        }
        Map<String, String> protocols = new LinkedHashMap<>();
        if (m.containsKey("protocols")) {
            for (NodeTuple t : mapping(m.get("protocols").getValueNode(), "list.protocols", null).getValue()) {
                String v = scalar(t.getValueNode(), "list.protocols").toUpperCase(Locale.ROOT);
                if (!Set.of("TCP", "UDP", "BOTH").contains(v)) {
                    throw error(t.getValueNode(), "list.protocols", "'" + v + "' must be TCP, UDP or BOTH", null);
                }
                protocols.put(scalar(t.getKeyNode(), "list.protocols"), v);
            }
        }
        return new Profile.ListSpec(steps, from, join, fields, protocols);
    }

    private Profile.Operation operation(Node node, String at, Set<String> vars) {
        Sec m = sec(mapping(node, at, Set.of("steps", "verify")), at);
        if (!m.containsKey("steps")) throw error(node, at + ".steps", "missing", "list the steps, each with 'get' or 'submit'");
        Set<String> known = new HashSet<>(vars);
        if (at.equals("unforward")) known.add("row.*");
        List<Profile.Step> steps = steps(m.get("steps").getValueNode(), at + ".steps", known, new HashSet<>());
        Optional<Profile.Verify> verify = Optional.empty();
        if (m.containsKey("verify")) {
            Node vn = m.get("verify").getValueNode();
            Sec v = sec(mapping(vn, at + ".verify", Set.of("get", "fallback_get", "expect")), at + ".verify");
            String get = requiredString(v, vn, "get", "the page that shows the result");
            checkTemplate(v.get("get").getValueNode(), at + ".verify.get", get, isKnown(known));
            if (!v.containsKey("expect")) throw error(vn, at + ".verify.expect", "missing", "add 'expect: {body_regex: ...}'");
            verify = Optional.of(new Profile.Verify(get, optString(v, "fallback_get"),
                    expect(v.get("expect").getValueNode(), at + ".verify.expect", known)));
        }
        return new Profile.Operation(steps, verify);
    }

    private static Predicate<String> isKnown(Set<String> known) {
        return v -> known.contains(v) || (known.contains("row.*") && v.startsWith("row."));
    }

    /** Reads a step list; {@code known} grows with each step's extracted variables (visible to later steps). */
    private List<Profile.Step> steps(Node node, String at, Set<String> vars, Set<String> ids) {
        Set<String> known = new HashSet<>(vars);
        List<Profile.Step> out = new ArrayList<>();
        List<Node> items = sequence(node, at);
        if (items.isEmpty()) throw error(node, at, "no steps", "add at least one step");
        int i = 0;
        for (Node item : items) {
            String p = at + "[" + i++ + "]";
            Sec m = sec(mapping(item, p, STEP_KEYS), p);
            String id = requiredString(m, item, "id", "give every step an 'id:' (it is named in errors)");
            if (!ids.add(id)) throw error(m.get("id").getValueNode(), p + ".id", "duplicate step id '" + id + "'", "ids must be unique");
            String sp = at + "." + id;
            Optional<String> when = optString(m, "when");
            if (when.isPresent()) {
                String w = when.get().startsWith("!") ? when.get().substring(1) : when.get();
                if (!known.contains(w) || vars.contains(w)) {
                    throw error(m.get("when").getValueNode(), sp + ".when", "'" + w + "' is not extracted by an earlier step",
                            "add 'extract: {" + w + ": {...}}' to a step before this one");
                }
            }
            Optional<String> get = optString(m, "get");
            Optional<String> fallback = optString(m, "fallback_get");
            boolean hasSubmit = m.containsKey("submit");
            if (get.isPresent() == hasSubmit) {
                throw error(item, sp, get.isPresent() ? "has both 'get' and 'submit'" : "has neither 'get' nor 'submit'",
                        "a step either fetches a page (get) or submits a form of the current page (submit)");
            }
            if (fallback.isPresent() && get.isEmpty()) {
                throw error(m.get("fallback_get").getValueNode(), sp + ".fallback_get", "only allowed with 'get'", null);
            }
            get.ifPresent(g -> checkTemplate(m.get("get").getValueNode(), sp + ".get", g, isKnown(known)));
            Optional<Profile.Submit> submit = hasSubmit ? Optional.of(submit(m.get("submit").getValueNode(), sp + ".submit", known))
                    : Optional.empty();
            Profile.Expect expect = m.containsKey("expect") ? expect(m.get("expect").getValueNode(), sp + ".expect", known)
                    : Profile.Expect.none();
            Map<String, Profile.Extract> extract = m.containsKey("extract")
                    ? extract(m.get("extract").getValueNode(), sp + ".extract", known) : Map.of();
            Map<String, Profile.Table> tables = m.containsKey("tables") ? tables(m.get("tables").getValueNode(), sp + ".tables")
                    : Map.of();
            Optional<String> changes = optString(m, "changes");
            changes.ifPresent(c -> checkTemplate(m.get("changes").getValueNode(), sp + ".changes", c, isKnown(known)));
            known.addAll(extract.keySet());
            out.add(new Profile.Step(id, when, get, fallback, submit, expect, extract, tables, changes));
        }
        return out;
    }

    private Profile.Submit submit(Node node, String at, Set<String> known) {
        Sec m = sec(mapping(node, at, Set.of("form", "set", "derive", "drop", "button")), at);
        String form = requiredString(m, node, "form", "the CSS selector of the form, e.g. 'form[name=frmService]'");
        checkSelector(m.get("form").getValueNode(), at + ".form", form);
        Map<String, String> set = new LinkedHashMap<>();
        if (m.containsKey("set")) {
            for (NodeTuple t : mapping(m.get("set").getValueNode(), at + ".set", null).getValue()) {
                String k = scalar(t.getKeyNode(), at + ".set");
                String v = scalar(t.getValueNode(), at + ".set." + k);
                checkTemplate(t.getValueNode(), at + ".set." + k, v, isKnown(known));
                set.put(k, v);
            }
        }
        List<Profile.Derive> derive = new ArrayList<>();
        if (m.containsKey("derive")) {
            int i = 0;
            for (Node d : sequence(m.get("derive").getValueNode(), at + ".derive")) {
                derive.add(derive(d, at + ".derive[" + i++ + "]"));
            }
        }
        List<String> drop = m.containsKey("drop") ? strings(m.get("drop").getValueNode(), at + ".drop") : List.of();
        Optional<Profile.Button> button = Optional.empty();
        if (m.containsKey("button")) {
            Node bn = m.get("button").getValueNode();
            Sec b = sec(mapping(bn, at + ".button", Set.of("name", "value")), at + ".button");
            button = Optional.of(new Profile.Button(requiredString(b, bn, "name", "the button's name attribute"),
                    optString(b, "value").orElse("")));
        }
        return new Profile.Submit(form, set, derive, drop, button);
    }

    private Profile.Derive derive(Node node, String at) {
        MappingNode mn = mapping(node, at, Set.of("mirror_h", "join_ip", "const"));
        if (mn.getValue().size() != 1) {
            throw error(node, at, "one operation per entry", "write '- {mirror_h: [a, b]}' or '- {join_ip: {c4_x: x}}'");
        }
        NodeTuple t = mn.getValue().get(0);
        String op = scalar(t.getKeyNode(), at);
        Map<String, String> fields = new LinkedHashMap<>();
        if (op.equals("mirror_h")) {
            for (String f : strings(t.getValueNode(), at + ".mirror_h")) fields.put(f, "h_" + f);
        } else {
            for (NodeTuple e : mapping(t.getValueNode(), at + "." + op, null).getValue()) {
                fields.put(scalar(e.getKeyNode(), at + "." + op), scalar(e.getValueNode(), at + "." + op));
            }
        }
        return new Profile.Derive(op, fields);
    }

    private Profile.Expect expect(Node node, String at, Set<String> known) {
        Sec m = sec(mapping(node, at, Set.of("status", "form", "body_regex", "body_not_regex")), at);
        OptionalInt status = optInt(m, "status", 100, 599).map(OptionalInt::of).orElse(OptionalInt.empty());
        Optional<String> form = optString(m, "form");
        form.ifPresent(f -> checkSelector(m.get("form").getValueNode(), at + ".form", f));
        Optional<String> re = optString(m, "body_regex");
        re.ifPresent(r -> checkRegex(m.get("body_regex").getValueNode(), at + ".body_regex", r, isKnown(known)));
        Optional<String> notRe = optString(m, "body_not_regex");
        notRe.ifPresent(r -> checkRegex(m.get("body_not_regex").getValueNode(), at + ".body_not_regex", r, isKnown(known)));
        return new Profile.Expect(status, form, re, notRe);
    }

    private Map<String, Profile.Extract> extract(Node node, String at, Set<String> known) {
        Map<String, Profile.Extract> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping(node, at, null).getValue()) {
            String name = scalar(t.getKeyNode(), at);
            String p = at + "." + name;
            if (!name.matches("[a-z][a-z0-9_]*")) throw error(t.getKeyNode(), p, "variable names are lower_snake_case", null);
            Sec m = sec(mapping(t.getValueNode(), p, Set.of("css", "text_equals", "regex")), p);
            Optional<String> css = optString(m, "css");
            Optional<String> text = optString(m, "text_equals");
            Optional<String> regex = optString(m, "regex");
            if (css.isPresent() == regex.isPresent()) {
                throw error(t.getValueNode(), p, "give either 'css' (with optional 'text_equals') or 'regex'", null);
            }
            css.ifPresent(c -> checkSelector(m.get("css").getValueNode(), p + ".css", c));
            text.ifPresent(v -> checkTemplate(m.get("text_equals").getValueNode(), p + ".text_equals", v, isKnown(known)));
            regex.ifPresent(r -> checkRegex(m.get("regex").getValueNode(), p + ".regex", r, isKnown(known)));
            out.put(name, new Profile.Extract(css, text, regex));
        }
        return out;
    }

    private Map<String, Profile.Table> tables(Node node, String at) {
        Map<String, Profile.Table> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping(node, at, null).getValue()) {
            String name = scalar(t.getKeyNode(), at);
            String p = at + "." + name;
            Sec m = sec(mapping(t.getValueNode(), p, Set.of("rows", "cells", "split")), p);
            if (m.containsKey("rows") == m.containsKey("split")) {
                throw error(t.getValueNode(), p, "give either 'rows' (with 'cells') or 'split'", null);
            }
            if (m.containsKey("split")) {
                Profile.Split split = split(m.get("split").getValueNode(), p + ".split");
                out.put(name, new Profile.Table(Optional.empty(), Map.of(), Optional.of(split)));
                continue;
            }
            String rows = optString(m, "rows").orElseThrow();
            checkSelector(m.get("rows").getValueNode(), p + ".rows", rows);
            if (!m.containsKey("cells")) throw error(t.getValueNode(), p + ".cells", "missing", "name the columns: {name: 'td:eq(2)'}");
            Map<String, Profile.Cell> cells = new LinkedHashMap<>();
            for (NodeTuple c : mapping(m.get("cells").getValueNode(), p + ".cells", null).getValue()) {
                String col = scalar(c.getKeyNode(), p + ".cells");
                cells.put(col, cell(c.getValueNode(), p + ".cells." + col));
            }
            out.put(name, new Profile.Table(Optional.of(rows), cells, Optional.empty()));
        }
        return out;
    }

    private Profile.Cell cell(Node node, String at) {
        if (node instanceof ScalarNode s) {
            String v = s.getValue();
            int attr = v.lastIndexOf(" @");
            String css = attr < 0 ? v : v.substring(0, attr);
            checkSelector(node, at, css);
            return new Profile.Cell(css, attr < 0 ? Optional.empty() : Optional.of(v.substring(attr + 2).strip()), Optional.empty());
        }
        Sec m = sec(mapping(node, at, Set.of("css", "attr", "regex")), at);
        String css = requiredString(m, node, "css", "the cell's selector within the row, e.g. 'td:eq(2)'");
        checkSelector(m.get("css").getValueNode(), at + ".css", css);
        Optional<String> regex = optString(m, "regex");
        regex.ifPresent(r -> checkRegex(m.get("regex").getValueNode(), at + ".regex", r, v -> false));
        return new Profile.Cell(css, optString(m, "attr"), regex);
    }

    private Profile.Split split(Node node, String at) {
        Sec m = sec(mapping(node, at, Set.of("css", "attr", "rows", "columns", "names")), at);
        String css = requiredString(m, node, "css", "the element holding the value");
        checkSelector(m.get("css").getValueNode(), at + ".css", css);
        if (!m.containsKey("names")) throw error(node, at + ".names", "missing", "name the columns: [name, proto, ext, int]");
        return new Profile.Split(css, optString(m, "attr").orElse("value"), requiredString(m, node, "rows", "e.g. '@'"),
                requiredString(m, node, "columns", "e.g. ';'"), strings(m.get("names").getValueNode(), at + ".names"));
    }

    // ---- checks ---------------------------------------------------------------------------------------------

    private void checkSchema(Sec m, Node root, String file) {
        if (!m.containsKey("schema")) {
            throw new ProfileException(file, line(root), "schema", "missing", "add 'schema: 1' as the first line");
        }
        Node n = m.get("schema").getValueNode();
        String v = scalar(n, "schema");
        if (!v.equals(String.valueOf(Profile.SCHEMA))) {
            throw error(n, "schema", "version '" + v + "' is not supported (this homeport reads schema " + Profile.SCHEMA + ")",
                    "upgrade homeport, or write the profile for schema " + Profile.SCHEMA);
        }
    }

    private void checkSelector(Node node, String at, String css) {
        try {
            QueryParser.parse(Template.placeholder(css));
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            throw error(node, at, "'" + css + "' is not a valid CSS selector: " + e.getMessage(),
                    "selectors are jsoup's: 'form[name=frmService]', 'form:has(input[name=portname])'");
        }
    }

    private void checkRegex(Node node, String at, String regex, Predicate<String> known) {
        checkTemplate(node, at, regex, known);
        try {
            Pattern.compile(Template.placeholder(regex));
        } catch (PatternSyntaxException e) {
            throw error(node, at, "'" + regex + "' is not a valid regex: " + e.getDescription(), "regexes are Java's (java.util.regex)");
        }
    }

    private void checkTemplate(Node node, String at, String text, Predicate<String> known) {
        List<String> problems = Template.problems(text, known);
        if (!problems.isEmpty()) {
            throw error(node, at, problems.get(0), "known here: the operation's parameters"
                    + " (name, proto, ext_port, int_port, lan_ip, lan_ip.1-4; ddns_*) and variables extracted by earlier steps");
        }
    }

    // ---- YAML helpers ---------------------------------------------------------------------------------------

    private String currentFile = "";

    private Node parse(Source source) {
        currentFile = source.label();
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(source.label()).setAllowDuplicateKeys(true)
                    .setMaxAliasesForCollections(20).build();
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, source.text())));
            return composer.getSingleNode().orElseThrow(() -> new ProfileException(source.label(), 0, "", "the file is empty",
                    "start with 'schema: 1' and 'id: ...'"));
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(mk -> mk.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            throw new ProfileException(source.label(), line, "", "not valid YAML: " + problem,
                    "check indentation (spaces, not tabs), quotes around values with ': ' or '#', and matching brackets");
        } catch (YamlEngineException e) {
            String msg = String.valueOf(e.getMessage());
            throw new ProfileException(source.label(), 0, "", "not valid YAML: " + msg.lines().findFirst().orElse(msg), null);
        }
    }

    /** Checks keys against {@code allowed} (null: any) and duplicates. */
    private MappingNode mapping(Node node, String at, Set<String> allowed) {
        if (!(node instanceof MappingNode mn)) {
            throw error(node, at, "must be a mapping of 'key: value' entries", null);
        }
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : mn.getValue()) {
            String key = scalar(t.getKeyNode(), at);
            String path = at.isEmpty() ? key : at + "." + key;
            if (allowed != null && !allowed.contains(key)) {
                String suggestion = closest(key, allowed).map(s -> "did you mean '" + s + "'?")
                        .orElse("allowed here: " + String.join(", ", new TreeSet<>(allowed)));
                throw error(t.getKeyNode(), path, "unknown key", suggestion);
            }
            if (!seen.add(key)) throw error(t.getKeyNode(), path, "duplicate key", "keep only one '" + key + ":'");
        }
        return mn;
    }

    private Map<String, NodeTuple> tuples(MappingNode mn) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) out.put(((ScalarNode) t.getKeyNode()).getValue(), t);
        return out;
    }

    private List<Node> sequence(Node node, String at) {
        if (node instanceof SequenceNode s) return s.getValue();
        throw error(node, at, "must be a list ('- item' lines or [a, b])", null);
    }

    private List<String> strings(Node node, String at) {
        List<String> out = new ArrayList<>();
        for (Node n : sequence(node, at)) out.add(scalar(n, at));
        return out;
    }

    private String scalar(Node node, String at) {
        if (node instanceof ScalarNode s) return s.getValue();
        throw error(node, at, "must be a single value, not a list or mapping", null);
    }

    private Optional<String> optString(Sec m, String key) {
        NodeTuple t = m.get(key);
        if (t == null) return Optional.empty();
        String v = scalar(t.getValueNode(), m.path(key));
        if (v.isBlank()) throw error(t.getValueNode(), m.path(key), "empty value", "give a value or remove the key");
        return Optional.of(v);
    }

    private String requiredString(Sec m, Node parent, String key, String hint) {
        if (!m.containsKey(key)) throw error(parent, m.path(key), "missing", hint);
        return optString(m, key).orElseThrow();
    }

    private Optional<Integer> optInt(Sec m, String key, int min, int max) {
        Optional<String> v = optString(m, key);
        if (v.isEmpty()) return Optional.empty();
        Node n = m.get(key).getValueNode();
        if (!v.get().matches("-?\\d{1,9}")) throw error(n, m.path(key), "'" + v.get() + "' is not a whole number", null);
        int i = Integer.parseInt(v.get());
        if (i < min || i > max) throw error(n, m.path(key), i + " must be " + min + ".." + max, null);
        return Optional.of(i);
    }

    /** A mapping's entries with the dotted path they sit at, for messages. */
    private record Sec(String at, Map<String, NodeTuple> map) {
        boolean containsKey(String k) {
            return map.containsKey(k);
        }

        NodeTuple get(String k) {
            return map.get(k);
        }

        java.util.Set<Map.Entry<String, NodeTuple>> entrySet() {
            return map.entrySet();
        }

        String path(String k) {
            return at.isEmpty() ? k : at + "." + k;
        }
    }

    private Sec sec(MappingNode mn, String at) {
        return new Sec(at, tuples(mn));
    }

    private boolean bool(Node node, String at, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(node, at, "'" + v + "' must be true or false", null);
        };
    }

    private ProfileException error(Node node, String key, String problem, String hint) {
        String file = node == null ? currentFile : node.getStartMark().map(mk -> mk.getName()).orElse(currentFile);
        return new ProfileException(file, line(node), key, problem, hint);
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().map(mk -> mk.getLine() + 1).orElse(0);
    }

    /**
     * Deep merge: mappings merge key by key (the profile wins), anything else in the profile replaces the family's.
     * Nodes keep their marks, so errors still name the right file and line.
     */
    static MappingNode merge(MappingNode base, MappingNode over) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : base.getValue()) out.put(((ScalarNode) t.getKeyNode()).getValue(), t);
        for (NodeTuple t : over.getValue()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            NodeTuple prev = out.get(k);
            if (prev != null && prev.getValueNode() instanceof MappingNode pm && t.getValueNode() instanceof MappingNode om) {
                out.put(k, new NodeTuple(t.getKeyNode(), merge(pm, om)));
            } else {
                out.put(k, t);
            }
        }
        out.remove("family");
        return new MappingNode(over.getTag(), true, new ArrayList<>(out.values()), over.getFlowStyle(),
                over.getStartMark(), over.getEndMark());
    }

    private static Optional<String> closest(String word, Set<String> choices) {
        String best = null;
        int bestDistance = 3;
        for (String c : new LinkedHashSet<>(choices)) {
            int d = distance(word.toLowerCase(Locale.ROOT), c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
