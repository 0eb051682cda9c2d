package dev.homeport.webadmin;

import dev.homeport.config.Suggest;
import dev.homeport.config.YamlDepth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * Reading YAML nodes for profiles: typed values, allowed keys (with "did you mean"), selector/regex/template checks,
 * and every problem as a {@link ProfileException} naming file, line and dotted key. Nodes keep their source marks,
 * so a value merged in from a family file is reported in that file.
 */
final class ProfileYaml {
    /** The file being parsed: named in errors about nodes that carry no mark. */
    private String currentFile = "";

    void checkSchema(Sec m, Node root, String file) {
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

    void checkSelector(Node node, String at, String css) {
        try {
            QueryParser.parse(Template.placeholder(css));
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            throw error(node, at, "'" + css + "' is not a valid CSS selector: " + e.getMessage(),
                    "selectors are jsoup's: 'form[name=frmService]', 'form:has(input[name=portname])'");
        }
    }

    void checkRegex(Node node, String at, String regex, Predicate<String> known) {
        checkTemplate(node, at, regex, known);
        try {
            Pattern.compile(Template.placeholder(regex));
        } catch (PatternSyntaxException e) {
            throw error(node, at, "'" + regex + "' is not a valid regex: " + e.getDescription(), "regexes are Java's (java.util.regex)");
        }
    }

    void checkTemplate(Node node, String at, String text, Predicate<String> known) {
        List<String> problems = Template.problems(text, known);
        if (!problems.isEmpty()) {
            throw error(node, at, problems.get(0), "known here: the operation's parameters"
                    + " (name, proto, ext_port, int_port, lan_ip, lan_ip.1-4; ddns_*) and variables extracted by earlier steps");
        }
    }

    // ---- YAML helpers ---------------------------------------------------------------------------------------


    Node parse(ProfileLoader.Source source) {
        currentFile = source.label();
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(source.label()).setAllowDuplicateKeys(true)
                    .setMaxAliasesForCollections(20).build();
            java.util.OptionalInt deep = YamlDepth.tooDeepAt(settings, source.text());
            if (deep.isPresent()) {
                throw new ProfileException(source.label(), deep.getAsInt(), "", "nested more than " + YamlDepth.MAX
                        + " levels deep (refused)", "a profile needs a few levels; check the file");
            }
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
    MappingNode mapping(Node node, String at, Set<String> allowed) {
        if (!(node instanceof MappingNode mn)) {
            throw error(node, at, "must be a mapping of 'key: value' entries", null);
        }
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : mn.getValue()) {
            String key = scalar(t.getKeyNode(), at);
            String path = at.isEmpty() ? key : at + "." + key;
            if (allowed != null && !allowed.contains(key)) {
                String suggestion = Suggest.closest(key, allowed).map(s -> "did you mean '" + s + "'?")
                        .orElse("allowed here: " + String.join(", ", new TreeSet<>(allowed)));
                throw error(t.getKeyNode(), path, "unknown key", suggestion);
            }
            if (!seen.add(key)) throw error(t.getKeyNode(), path, "duplicate key", "keep only one '" + key + ":'");
        }
        return mn;
    }

    Map<String, NodeTuple> tuples(MappingNode mn) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) out.put(((ScalarNode) t.getKeyNode()).getValue(), t);
        return out;
    }

    List<Node> sequence(Node node, String at) {
        if (node instanceof SequenceNode s) return s.getValue();
        throw error(node, at, "must be a list ('- item' lines or [a, b])", null);
    }

    List<String> strings(Node node, String at) {
        List<String> out = new ArrayList<>();
        for (Node n : sequence(node, at)) out.add(scalar(n, at));
        return out;
    }

    String scalar(Node node, String at) {
        if (node instanceof ScalarNode s) return s.getValue();
        throw error(node, at, "must be a single value, not a list or mapping", null);
    }

    Optional<String> optString(Sec m, String key) {
        NodeTuple t = m.get(key);
        if (t == null) return Optional.empty();
        String v = scalar(t.getValueNode(), m.path(key));
        if (v.isBlank()) throw error(t.getValueNode(), m.path(key), "empty value", "give a value or remove the key");
        return Optional.of(v);
    }

    String requiredString(Sec m, Node parent, String key, String hint) {
        if (!m.containsKey(key)) throw error(parent, m.path(key), "missing", hint);
        return optString(m, key).orElseThrow();
    }

    Optional<Integer> optInt(Sec m, String key, int min, int max) {
        Optional<String> v = optString(m, key);
        if (v.isEmpty()) return Optional.empty();
        Node n = m.get(key).getValueNode();
        if (!v.get().matches("-?\\d{1,9}")) throw error(n, m.path(key), "'" + v.get() + "' is not a whole number", null);
        int i = Integer.parseInt(v.get());
        if (i < min || i > max) throw error(n, m.path(key), i + " must be " + min + ".." + max, null);
        return Optional.of(i);
    }

    /** A mapping's entries with the dotted path they sit at, for messages. */
    record Sec(String at, Map<String, NodeTuple> map) {
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

    Sec sec(MappingNode mn, String at) {
        return new Sec(at, tuples(mn));
    }

    boolean bool(Node node, String at, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(node, at, "'" + v + "' must be true or false", null);
        };
    }

    ProfileException error(Node node, String key, String problem, String hint) {
        String file = node == null ? currentFile : node.getStartMark().map(mk -> mk.getName()).orElse(currentFile);
        return new ProfileException(file, line(node), key, problem, hint);
    }

    static int line(Node node) {
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
}
