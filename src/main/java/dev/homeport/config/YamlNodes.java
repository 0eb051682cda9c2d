package dev.homeport.config;

import dev.homeport.core.IpVersion;
import dev.homeport.core.Lease;
import dev.homeport.core.PortMapping;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * The YAML of one config file: parsed into nodes, and read node by node into checked values. Every problem is a
 * {@link ConfigException} naming the file, the node's line and the key.
 */
final class YamlNodes {
    private final Path file;

    YamlNodes(Path file) {
        this.file = file;
    }

    /**
     * The document's root node; empty when the file holds none (only comments, or nothing).
     *
     * @throws ConfigException when {@code text} is not YAML or nests too deep
     */
    Optional<Node> parse(String text) {
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(true)
                    .setMaxAliasesForCollections(10).build();
            OptionalInt deep = YamlDepth.tooDeepAt(settings, text);
            if (deep.isPresent()) {
                throw new ConfigException(file, deep.getAsInt(), "", "nested more than " + YamlDepth.MAX + " levels deep"
                        + " (refused: a homeport config needs a few)", "check the file is a homeport config");
            }
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            return composer.getSingleNode();
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            throw new ConfigException(file, line, "", "not valid YAML: " + problem,
                    "check indentation (spaces, not tabs) and that every 'key: value' has a space after the colon");
        } catch (YamlEngineException e) {
            throw new ConfigException(file, 0, "", "not valid YAML: " + firstLine(e.getMessage()), null);
        }
    }

    /** {@code ip-version} of a forward or of the ddns section: 4, 6 or both (the default). */
    IpVersion ipVersion(Map<String, NodeTuple> m, String at) {
        Optional<String> text = optString(m, at, "ip-version");
        try {
            return text.map(IpVersion::parse).orElse(IpVersion.BOTH);
        } catch (IllegalArgumentException e) {
            throw error(m.get("ip-version").getValueNode(), at + ".ip-version", "'" + text.orElse("") + "' must be 4, 6 or both",
                    "both (the default) forwards what this host and the router support");
        }
    }

    void rejectInlineSecret(Map<String, NodeTuple> m, String section) {
        for (String k : List.of("password", "token")) {
            if (m.containsKey(k)) {
                throw error(m.get(k).getKeyNode(), section + "." + k, "secrets are not accepted inline in the config",
                        "move it to a file (chmod 600) and use 'password-file: PATH', or 'password-env: VARIABLE'");
            }
        }
    }

    Map<String, NodeTuple> mapping(Node node, String at, Set<String> allowed) {
        if (!(node instanceof MappingNode mn)) {
            throw error(node, at, "must be a mapping of 'key: value' lines",
                    at.isEmpty() ? "start with 'router:', 'forwards:' or 'ddns:' at the left margin"
                            : "indent the keys under '" + at + "' by two spaces, one 'key: value' per line");
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            String key = scalar(t.getKeyNode(), at);
            String path = at.isEmpty() ? key : at + "." + key;
            if (!allowed.contains(key)) {
                String suggestion = Suggest.closest(key, allowed).map(s -> "did you mean '" + s + "'?")
                        .orElse("allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)));
                throw error(t.getKeyNode(), path, "unknown key", suggestion);
            }
            if (out.put(key, t) != null) {
                throw error(t.getKeyNode(), path, "duplicate key", "keep only one '" + key + ":'");
            }
        }
        return out;
    }

    Optional<String> optString(Map<String, NodeTuple> m, String at, String key) {
        NodeTuple t = m.get(key);
        if (t == null) return Optional.empty();
        String v = scalar(t.getValueNode(), at + "." + key).strip();
        if (v.isEmpty()) throw error(t.getValueNode(), at + "." + key, "empty value", "give a value or remove the key");
        return Optional.of(v);
    }

    String scalar(Node node, String at) {
        if (node instanceof ScalarNode s) return s.getValue();
        throw error(node, at, "must be a single value, not a list or mapping", null);
    }

    int port(Node node, String at) {
        String v = scalar(node, at).strip();
        if (!v.matches("\\d{1,6}")) throw error(node, at, "'" + v + "' is not a port number", "use a number from 1 to 65535");
        int p = Integer.parseInt(v);
        try {
            PortMapping.checkPort("port", p);
        } catch (IllegalArgumentException e) {
            throw error(node, at, p + " is out of range", "use a number from 1 to 65535");
        }
        return p;
    }

    Lease lease(Node node, String at, String text) {
        try {
            return Lease.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(node, at, e.getMessage(), "for example 7d, 12h or permanent");
        }
    }

    boolean bool(Node node, String at, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(node, at, "'" + v + "' must be true or false", null);
        };
    }

    String checkUrl(Node node, String at, String url) {
        okhttp3.HttpUrl parsed = okhttp3.HttpUrl.parse(url);
        if (parsed == null) {
            throw error(node, at, "'" + url + "' is not an http(s) URL", "write it like http://192.168.1.1:5000/rootDesc.xml");
        }
        if (parsed.username().length() > 0 || parsed.password().length() > 0) {
            throw error(node, at, "credentials must not be written into the URL",
                    "use 'username:' and 'password-file:' instead");
        }
        return url;
    }

    ConfigException error(Node node, String key, String problem, String hint) {
        return new ConfigException(file, line(node), key, problem, hint);
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
