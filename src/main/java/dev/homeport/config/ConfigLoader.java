package dev.homeport.config;

import dev.homeport.core.IpVersion;
import dev.homeport.core.Lease;
import dev.homeport.core.Ownership;
import dev.homeport.core.Protocol;
import dev.homeport.net.Ipv4;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Loads and validates a config file. Every problem is a {@link ConfigException} naming the file, line and key, with
 * a hint. Secret files are checked (present, readable, private) but never read here.
 */
public final class ConfigLoader {
    private static final long MAX_BYTES = 256 * 1024;

    private final Path file;
    private final SecretFiles secrets;
    private final boolean allowBlank;
    private final YamlNodes yaml;

    private ConfigLoader(Path file, SecretFiles secrets, boolean allowBlank) {
        this.file = file;
        this.secrets = secrets;
        this.allowBlank = allowBlank;
        this.yaml = new YamlNodes(file);
    }

    /**
     * Loads {@code file}.
     *
     * @throws ConfigException when it is missing, unreadable, not YAML, or invalid
     */
    public static Config load(Path file) {
        return new ConfigLoader(file, new SecretFiles(), false).read();
    }

    /**
     * Like {@link #load}, but a file that sets nothing (only comments, or only {@code router:}) is a {@link Config}
     * that {@link Config#isBlank is blank} instead of an error: the installed example config, which a schedule may run
     * with before the user edited it.
     *
     * @throws ConfigException when it is missing, unreadable, not YAML, or invalid
     */
    public static Config loadAllowingBlank(Path file) {
        return new ConfigLoader(file, new SecretFiles(), true).read();
    }

    private Config read() {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(file, 0, "", "no such config file",
                        "create it (see docs/config.md) or pass --config FILE");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(file, 0, "", "larger than 256 KiB; is this really a homeport config?", null);
            }
            secrets.checkConfigFile(file);
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "", "cannot read: " + e.getMessage(), "check the path and permissions");
        }
        Optional<Node> root = yaml.parse(text);
        if (root.isEmpty() && allowBlank) return new Config(file, Config.RouterSettings.defaults(), List.of(), Optional.empty());
        if (root.isEmpty()) {
            throw new ConfigException(file, 0, "", "the file is empty", "add at least a 'forwards:' or 'ddns:' section");
        }
        Map<String, NodeTuple> top = yaml.mapping(root.get(), "", Set.of("router", "forwards", "ddns"));
        Config.RouterSettings router = top.containsKey("router")
                ? router(top.get("router").getValueNode()) : Config.RouterSettings.defaults();
        List<Config.Forward> forwards = top.containsKey("forwards")
                ? forwards(top.get("forwards").getValueNode(), router.lease()) : List.of();
        Optional<Config.Ddns> ddns = top.containsKey("ddns")
                ? Optional.of(new DdnsSection(file, secrets, yaml).parse(top.get("ddns").getValueNode())) : Optional.empty();
        if (forwards.isEmpty() && ddns.isEmpty() && !allowBlank) {
            throw new ConfigException(file, 1, "", "nothing to do: neither 'forwards' nor 'ddns' is set",
                    "add a 'forwards:' list or a 'ddns:' section");
        }
        return new Config(file, router, forwards, ddns);
    }

    private Config.RouterSettings router(Node node) {
        Map<String, NodeTuple> m = yaml.mapping(node, "router",
                Set.of("via", "url", "profile", "username", "password-file", "password-env", "lease", "password",
                        "double-nat"));
        yaml.rejectInlineSecret(m, "router");
        String viaText = yaml.optString(m, "router", "via").orElse("auto");
        Config.Via via = switch (viaText.toLowerCase(Locale.ROOT)) {
            case "auto" -> Config.Via.AUTO;
            case "upnp" -> Config.Via.UPNP;
            case "pcp" -> Config.Via.PCP;
            case "natpmp", "nat-pmp" -> Config.Via.NATPMP;
            case "web" -> Config.Via.WEB;
            default -> throw yaml.error(m.get("via").getValueNode(), "router.via",
                    "'" + viaText + "' must be auto, upnp, pcp, natpmp or web",
                    "auto tries UPnP, PCP, NAT-PMP, then the web admin; the others use only that one");
        };
        Optional<String> url = yaml.optString(m, "router", "url")
                .map(u -> yaml.checkUrl(m.get("url").getValueNode(), "router.url", u));
        Optional<Path> passwordFile = yaml.optString(m, "router", "password-file").map(p -> Path.of(p));
        passwordFile.ifPresent(p -> secrets.checkSecretFile(p, file, YamlNodes.line(m.get("password-file").getValueNode()),
                "router.password-file"));
        Optional<String> env = yaml.optString(m, "router", "password-env");
        Lease lease = yaml.optString(m, "router", "lease").map(t -> yaml.lease(m.get("lease").getValueNode(), "router.lease", t))
                .orElse(Lease.DEFAULT);
        if (via == Config.Via.WEB && url.isEmpty()) {
            throw yaml.error(m.get("via").getValueNode(), "router.url", "via: web needs the admin URL",
                    "add 'url: http://192.168.1.1' (your router's address)");
        }
        String doubleNat = yaml.optString(m, "router", "double-nat").orElse("auto");
        if (!doubleNat.equals("auto") && !doubleNat.equals("off")) {
            throw yaml.error(m.get("double-nat").getValueNode(), "router.double-nat", "'" + doubleNat + "' must be auto or off",
                    "auto also opens the port on an outer router (ISP box) when one is found; off never looks for one");
        }
        return new Config.RouterSettings(via, url, yaml.optString(m, "router", "profile").orElse("auto"),
                yaml.optString(m, "router", "username"), passwordFile, env, lease, doubleNat.equals("auto"));
    }

    private List<Config.Forward> forwards(Node node, Lease defaultLease) {
        if (!(node instanceof SequenceNode seq)) {
            throw yaml.error(node, "forwards", "must be a list of forwards (each line starting with '- ')",
                    "write each forward as '  - name: blog' with its keys indented below it");
        }
        List<Config.Forward> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ports = new HashSet<>();
        int i = 0;
        for (Node item : seq.getValue()) {
            out.add(forward(item, "forwards[" + i + "]", defaultLease, names, ports));
            i++;
        }
        return out;
    }

    /** One item of {@code forwards}; {@code names} and {@code ports} collect those of the items before it, to refuse repeats. */
    private Config.Forward forward(Node item, String at, Lease defaultLease, Set<String> names, Set<String> ports) {
        Map<String, NodeTuple> m = yaml.mapping(item, at, Set.of("name", "port", "external-port", "protocol", "to", "lease",
                "ip-version"));
        String name = yaml.optString(m, at, "name").orElseThrow(() -> yaml.error(item, at + ".name", "missing",
                "give every forward a unique name, e.g. 'name: blog'"));
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}")) {
            throw yaml.error(m.get("name").getValueNode(), at + ".name", "'" + name
                    + "' must be 1-40 letters, digits, spaces, '.', '_' or '-'", null);
        }
        if (!names.add(Ownership.describe(name))) {
            throw yaml.error(m.get("name").getValueNode(), at + ".name", "duplicate name '" + name + "'",
                    "names must be unique: homeport uses them to recognise its mappings");
        }
        if (!m.containsKey("port")) throw yaml.error(item, at + ".port", "missing", "add 'port: 888'");
        int port = yaml.port(m.get("port").getValueNode(), at + ".port");
        int ext = m.containsKey("external-port") ? yaml.port(m.get("external-port").getValueNode(), at + ".external-port") : port;
        List<Protocol> protocols = protocols(m, at);
        for (Protocol p : protocols) {
            if (!ports.add(ext + "/" + p.label())) {
                throw yaml.error(item, at + ".external-port", "external port " + ext + "/" + p.label()
                        + " is used by two forwards", "a router port can be forwarded to one place only");
            }
        }
        Optional<String> to = yaml.optString(m, at, "to");
        if (to.isPresent() && !Ipv4.isValid(to.get())) {
            throw yaml.error(m.get("to").getValueNode(), at + ".to", "'" + to.get() + "' is not an IPv4 address",
                    "use the LAN host's address like 192.168.1.20, or leave 'to' out for this host");
        }
        Lease lease = yaml.optString(m, at, "lease").map(t -> yaml.lease(m.get("lease").getValueNode(), at + ".lease", t))
                .orElse(defaultLease);
        IpVersion version = yaml.ipVersion(m, at);
        return new Config.Forward(name, port, ext, protocols, to, lease, version);
    }

    private List<Protocol> protocols(Map<String, NodeTuple> m, String at) {
        String protoText = yaml.optString(m, at, "protocol").orElse("tcp");
        try {
            return Protocol.parseChoice(protoText);
        } catch (IllegalArgumentException e) {
            throw yaml.error(m.get("protocol").getValueNode(), at + ".protocol", "'" + protoText + "' must be tcp, udp or both",
                    "web servers use tcp; 'both' opens tcp and udp");
        }
    }

    /** {@code http:} in any case: the scheme is case-insensitive, and HTTP://host is plain http all the same. */
    static boolean isPlainHttp(String url) {
        okhttp3.HttpUrl u = okhttp3.HttpUrl.parse(url);
        return u != null && u.scheme().equals("http");
    }

    static boolean isLoopbackUrl(String url) {
        okhttp3.HttpUrl u = okhttp3.HttpUrl.parse(url);
        if (u == null) return false;
        String h = u.host();
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || (Ipv4.isValid(h) && h.startsWith("127."));
    }
}
