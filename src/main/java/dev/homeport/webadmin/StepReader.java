package dev.homeport.webadmin;

import dev.homeport.webadmin.ProfileYaml.Sec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reads profile steps: get or submit, expectations, extracted variables and tables. */
final class StepReader {
    private static final Set<String> STEP_KEYS = Set.of("id", "when", "get", "fallback_get", "submit", "expect", "extract",
            "tables", "changes");

    private final ProfileYaml y;

    StepReader(ProfileYaml y) {
        this.y = y;
    }

    static Predicate<String> isKnown(Set<String> known) {
        return v -> known.contains(v) || (known.contains("row.*") && v.startsWith("row."));
    }

    /** Reads a step list; {@code known} grows with each step's extracted variables (visible to later steps). */
    List<Profile.Step> steps(Node node, String at, Set<String> vars, Set<String> ids) {
        Set<String> known = new HashSet<>(vars);
        List<Profile.Step> out = new ArrayList<>();
        List<Node> items = y.sequence(node, at);
        if (items.isEmpty()) throw y.error(node, at, "no steps", "add at least one step");
        int i = 0;
        for (Node item : items) {
            String p = at + "[" + i++ + "]";
            Sec m = y.sec(y.mapping(item, p, STEP_KEYS), p);
            String id = y.requiredString(m, item, "id", "give every step an 'id:' (it is named in errors)");
            if (!ids.add(id)) throw y.error(m.get("id").getValueNode(), p + ".id", "duplicate step id '" + id + "'", "ids must be unique");
            String sp = at + "." + id;
            Optional<String> when = y.optString(m, "when");
            if (when.isPresent()) {
                String w = when.get().startsWith("!") ? when.get().substring(1) : when.get();
                if (!known.contains(w) || vars.contains(w)) {
                    throw y.error(m.get("when").getValueNode(), sp + ".when", "'" + w + "' is not extracted by an earlier step",
                            "add 'extract: {" + w + ": {...}}' to a step before this one");
                }
            }
            Optional<String> get = y.optString(m, "get");
            Optional<String> fallback = y.optString(m, "fallback_get");
            boolean hasSubmit = m.containsKey("submit");
            if (get.isPresent() == hasSubmit) {
                throw y.error(item, sp, get.isPresent() ? "has both 'get' and 'submit'" : "has neither 'get' nor 'submit'",
                        "a step either fetches a page (get) or submits a form of the current page (submit)");
            }
            if (fallback.isPresent() && get.isEmpty()) {
                throw y.error(m.get("fallback_get").getValueNode(), sp + ".fallback_get", "only allowed with 'get'", null);
            }
            get.ifPresent(g -> y.checkTemplate(m.get("get").getValueNode(), sp + ".get", g, isKnown(known)));
            Optional<Profile.Submit> submit = hasSubmit ? Optional.of(submit(m.get("submit").getValueNode(), sp + ".submit", known))
                    : Optional.empty();
            Profile.Expect expect = m.containsKey("expect") ? expect(m.get("expect").getValueNode(), sp + ".expect", known)
                    : Profile.Expect.none();
            Map<String, Profile.Extract> extract = m.containsKey("extract")
                    ? extract(m.get("extract").getValueNode(), sp + ".extract", known) : Map.of();
            Map<String, Profile.Table> tables = m.containsKey("tables") ? tables(m.get("tables").getValueNode(), sp + ".tables")
                    : Map.of();
            Optional<String> changes = y.optString(m, "changes");
            changes.ifPresent(c -> y.checkTemplate(m.get("changes").getValueNode(), sp + ".changes", c, isKnown(known)));
            known.addAll(extract.keySet());
            out.add(new Profile.Step(id, when, get, fallback, submit, expect, extract, tables, changes));
        }
        return out;
    }

    private Profile.Submit submit(Node node, String at, Set<String> known) {
        Sec m = y.sec(y.mapping(node, at, Set.of("form", "set", "derive", "drop", "button")), at);
        String form = y.requiredString(m, node, "form", "the CSS selector of the form, e.g. 'form[name=frmService]'");
        y.checkSelector(m.get("form").getValueNode(), at + ".form", form);
        Map<String, String> set = new LinkedHashMap<>();
        if (m.containsKey("set")) {
            for (NodeTuple t : y.mapping(m.get("set").getValueNode(), at + ".set", null).getValue()) {
                String k = y.scalar(t.getKeyNode(), at + ".set");
                String v = y.scalar(t.getValueNode(), at + ".set." + k);
                y.checkTemplate(t.getValueNode(), at + ".set." + k, v, isKnown(known));
                set.put(k, v);
            }
        }
        List<Profile.Derive> derive = new ArrayList<>();
        if (m.containsKey("derive")) {
            int i = 0;
            for (Node d : y.sequence(m.get("derive").getValueNode(), at + ".derive")) {
                derive.add(derive(d, at + ".derive[" + i++ + "]"));
            }
        }
        List<String> drop = m.containsKey("drop") ? y.strings(m.get("drop").getValueNode(), at + ".drop") : List.of();
        Optional<Profile.Button> button = Optional.empty();
        if (m.containsKey("button")) {
            Node bn = m.get("button").getValueNode();
            Sec b = y.sec(y.mapping(bn, at + ".button", Set.of("name", "value")), at + ".button");
            button = Optional.of(new Profile.Button(y.requiredString(b, bn, "name", "the button's name attribute"),
                    y.optString(b, "value").orElse("")));
        }
        return new Profile.Submit(form, set, derive, drop, button);
    }

    private Profile.Derive derive(Node node, String at) {
        MappingNode mn = y.mapping(node, at, Set.of("mirror_h", "join_ip", "const"));
        if (mn.getValue().size() != 1) {
            throw y.error(node, at, "one operation per entry", "write '- {mirror_h: [a, b]}' or '- {join_ip: {c4_x: x}}'");
        }
        NodeTuple t = mn.getValue().get(0);
        String op = y.scalar(t.getKeyNode(), at);
        Map<String, String> fields = new LinkedHashMap<>();
        if (op.equals("mirror_h")) {
            for (String f : y.strings(t.getValueNode(), at + ".mirror_h")) fields.put(f, "h_" + f);
        } else {
            for (NodeTuple e : y.mapping(t.getValueNode(), at + "." + op, null).getValue()) {
                fields.put(y.scalar(e.getKeyNode(), at + "." + op), y.scalar(e.getValueNode(), at + "." + op));
            }
        }
        return new Profile.Derive(op, fields);
    }

    Profile.Expect expect(Node node, String at, Set<String> known) {
        Sec m = y.sec(y.mapping(node, at, Set.of("status", "form", "body_regex", "body_not_regex")), at);
        OptionalInt status = y.optInt(m, "status", 100, 599).map(OptionalInt::of).orElse(OptionalInt.empty());
        Optional<String> form = y.optString(m, "form");
        form.ifPresent(f -> y.checkSelector(m.get("form").getValueNode(), at + ".form", f));
        Optional<String> re = y.optString(m, "body_regex");
        re.ifPresent(r -> y.checkRegex(m.get("body_regex").getValueNode(), at + ".body_regex", r, isKnown(known)));
        Optional<String> notRe = y.optString(m, "body_not_regex");
        notRe.ifPresent(r -> y.checkRegex(m.get("body_not_regex").getValueNode(), at + ".body_not_regex", r, isKnown(known)));
        return new Profile.Expect(status, form, re, notRe);
    }

    private Map<String, Profile.Extract> extract(Node node, String at, Set<String> known) {
        Map<String, Profile.Extract> out = new LinkedHashMap<>();
        for (NodeTuple t : y.mapping(node, at, null).getValue()) {
            String name = y.scalar(t.getKeyNode(), at);
            String p = at + "." + name;
            if (!name.matches("[a-z][a-z0-9_]*")) throw y.error(t.getKeyNode(), p, "variable names are lower_snake_case", null);
            Sec m = y.sec(y.mapping(t.getValueNode(), p, Set.of("css", "text_equals", "regex")), p);
            Optional<String> css = y.optString(m, "css");
            Optional<String> text = y.optString(m, "text_equals");
            Optional<String> regex = y.optString(m, "regex");
            if (css.isPresent() == regex.isPresent()) {
                throw y.error(t.getValueNode(), p, "give either 'css' (with optional 'text_equals') or 'regex'", null);
            }
            css.ifPresent(c -> y.checkSelector(m.get("css").getValueNode(), p + ".css", c));
            text.ifPresent(v -> y.checkTemplate(m.get("text_equals").getValueNode(), p + ".text_equals", v, isKnown(known)));
            regex.ifPresent(r -> y.checkRegex(m.get("regex").getValueNode(), p + ".regex", r, isKnown(known)));
            out.put(name, new Profile.Extract(css, text, regex));
        }
        return out;
    }

    private Map<String, Profile.Table> tables(Node node, String at) {
        Map<String, Profile.Table> out = new LinkedHashMap<>();
        for (NodeTuple t : y.mapping(node, at, null).getValue()) {
            String name = y.scalar(t.getKeyNode(), at);
            String p = at + "." + name;
            Sec m = y.sec(y.mapping(t.getValueNode(), p, Set.of("rows", "cells", "split")), p);
            if (m.containsKey("rows") == m.containsKey("split")) {
                throw y.error(t.getValueNode(), p, "give either 'rows' (with 'cells') or 'split'", null);
            }
            if (m.containsKey("split")) {
                Profile.Split split = split(m.get("split").getValueNode(), p + ".split");
                out.put(name, new Profile.Table(Optional.empty(), Map.of(), Optional.of(split)));
                continue;
            }
            String rows = y.optString(m, "rows").orElseThrow();
            y.checkSelector(m.get("rows").getValueNode(), p + ".rows", rows);
            if (!m.containsKey("cells")) throw y.error(t.getValueNode(), p + ".cells", "missing", "name the columns: {name: 'td:eq(2)'}");
            Map<String, Profile.Cell> cells = new LinkedHashMap<>();
            for (NodeTuple c : y.mapping(m.get("cells").getValueNode(), p + ".cells", null).getValue()) {
                String col = y.scalar(c.getKeyNode(), p + ".cells");
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
            y.checkSelector(node, at, css);
            return new Profile.Cell(css, attr < 0 ? Optional.empty() : Optional.of(v.substring(attr + 2).strip()), Optional.empty());
        }
        Sec m = y.sec(y.mapping(node, at, Set.of("css", "attr", "regex")), at);
        String css = y.requiredString(m, node, "css", "the cell's selector within the row, e.g. 'td:eq(2)'");
        y.checkSelector(m.get("css").getValueNode(), at + ".css", css);
        Optional<String> regex = y.optString(m, "regex");
        regex.ifPresent(r -> y.checkRegex(m.get("regex").getValueNode(), at + ".regex", r, v -> false));
        return new Profile.Cell(css, y.optString(m, "attr"), regex);
    }

    private Profile.Split split(Node node, String at) {
        Sec m = y.sec(y.mapping(node, at, Set.of("css", "attr", "rows", "columns", "names")), at);
        String css = y.requiredString(m, node, "css", "the element holding the value");
        y.checkSelector(m.get("css").getValueNode(), at + ".css", css);
        if (!m.containsKey("names")) throw y.error(node, at + ".names", "missing", "name the columns: [name, proto, ext, int]");
        return new Profile.Split(css, y.optString(m, "attr").orElse("value"), y.requiredString(m, node, "rows", "e.g. '@'"),
                y.requiredString(m, node, "columns", "e.g. ';'"), y.strings(m.get("names").getValueNode(), at + ".names"));
    }
}
