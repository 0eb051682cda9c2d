package dev.homeport.config;

import dev.homeport.core.IpVersion;
import dev.homeport.core.Lease;
import dev.homeport.core.Ownership;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.net.Ipv4;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Loads and validates a config file. Every problem is a {@link ConfigException} naming the file, line and key, with
 * a hint. Secret files are checked (present, readable, private) but never read here.
 */
public final class ConfigLoader {
    private static final long MAX_BYTES = 256 * 1024;
    static final Set<String> PROVIDERS = Set.of("dyndns", "noip", "dynu", "he", "duckdns", "dyndns2", "rfc2136",
            "cloudflare");
    /** Providers that edit records of a zone themselves (no dyndns2-style account). */
    private static final String HOST_NAME = "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    static final Set<String> ZONE_PROVIDERS = Set.of("rfc2136", "cloudflare");

    private final Path file;
    private final SecretFiles secrets;
    private final boolean allowBlank;

    private ConfigLoader(Path file, SecretFiles secrets, boolean allowBlank) {
        this.file = file;
        this.secrets = secrets;
        this.allowBlank = allowBlank;
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
        Node root = parse(text);
        if (root == null && allowBlank) return new Config(file, Config.RouterSettings.defaults(), List.of(), Optional.empty());
        if (root == null) {
            throw new ConfigException(file, 0, "", "the file is empty", "add at least a 'forwards:' or 'ddns:' section");
        }
        Map<String, NodeTuple> top = mapping(root, "", Set.of("router", "forwards", "ddns"));
        Config.RouterSettings router = top.containsKey("router")
                ? router(top.get("router").getValueNode()) : Config.RouterSettings.defaults();
        List<Config.Forward> forwards = top.containsKey("forwards")
                ? forwards(top.get("forwards").getValueNode(), router.lease()) : List.of();
        Optional<Config.Ddns> ddns = top.containsKey("ddns")
                ? Optional.of(ddns(top.get("ddns").getValueNode())) : Optional.empty();
        if (forwards.isEmpty() && ddns.isEmpty() && !allowBlank) {
            throw new ConfigException(file, 1, "", "nothing to do: neither 'forwards' nor 'ddns' is set",
                    "add a 'forwards:' list or a 'ddns:' section");
        }
        return new Config(file, router, forwards, ddns);
    }

    private Node parse(String text) {
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(true)
                    .setMaxAliasesForCollections(10).build();
            OptionalInt deep = YamlDepth.tooDeepAt(settings, text);
            if (deep.isPresent()) {
                throw new ConfigException(file, deep.getAsInt(), "", "nested more than " + YamlDepth.MAX + " levels deep"
                        + " (refused: a homeport config needs a few)", "check the file is a homeport config");
            }
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Node root = composer.getSingleNode().orElse(null);
            return root;
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            throw new ConfigException(file, line, "", "not valid YAML: " + problem,
                    "check indentation (spaces, not tabs) and that every 'key: value' has a space after the colon");
        } catch (YamlEngineException e) {
            throw new ConfigException(file, 0, "", "not valid YAML: " + firstLine(e.getMessage()), null);
        }
    }

    private Config.RouterSettings router(Node node) {
        Map<String, NodeTuple> m = mapping(node, "router",
                Set.of("via", "url", "profile", "username", "password-file", "password-env", "lease", "password",
                        "double-nat"));
        rejectInlineSecret(m, "router");
        String viaText = optString(m, "router", "via").orElse("auto");
        Config.Via via = switch (viaText.toLowerCase(Locale.ROOT)) {
            case "auto" -> Config.Via.AUTO;
            case "upnp" -> Config.Via.UPNP;
            case "pcp" -> Config.Via.PCP;
            case "natpmp", "nat-pmp" -> Config.Via.NATPMP;
            case "web" -> Config.Via.WEB;
            default -> throw error(m.get("via").getValueNode(), "router.via",
                    "'" + viaText + "' must be auto, upnp, pcp, natpmp or web",
                    "auto tries UPnP, PCP, NAT-PMP, then the web admin; the others use only that one");
        };
        Optional<String> url = optString(m, "router", "url").map(u -> checkUrl(m.get("url").getValueNode(), "router.url", u));
        Optional<Path> passwordFile = optString(m, "router", "password-file").map(p -> Path.of(p));
        passwordFile.ifPresent(p -> secrets.checkSecretFile(p, file, line(m.get("password-file").getValueNode()),
                "router.password-file"));
        Optional<String> env = optString(m, "router", "password-env");
        Lease lease = optString(m, "router", "lease").map(t -> lease(m.get("lease").getValueNode(), "router.lease", t))
                .orElse(Lease.DEFAULT);
        if (via == Config.Via.WEB && url.isEmpty()) {
            throw error(m.get("via").getValueNode(), "router.url", "via: web needs the admin URL",
                    "add 'url: http://192.168.1.1' (your router's address)");
        }
        String doubleNat = optString(m, "router", "double-nat").orElse("auto");
        if (!doubleNat.equals("auto") && !doubleNat.equals("off")) {
            throw error(m.get("double-nat").getValueNode(), "router.double-nat", "'" + doubleNat + "' must be auto or off",
                    "auto also opens the port on an outer router (ISP box) when one is found; off never looks for one");
        }
        return new Config.RouterSettings(via, url, optString(m, "router", "profile").orElse("auto"),
                optString(m, "router", "username"), passwordFile, env, lease, doubleNat.equals("auto"));
    }

    /** {@code ip-version} of a forward or of the ddns section: 4, 6 or both (the default). */
    private IpVersion ipVersion(Map<String, NodeTuple> m, String at) {
        Optional<String> text = optString(m, at, "ip-version");
        try {
            return text.map(IpVersion::parse).orElse(IpVersion.BOTH);
        } catch (IllegalArgumentException e) {
            throw error(m.get("ip-version").getValueNode(), at + ".ip-version", "'" + text.orElse("") + "' must be 4, 6 or both",
                    "both (the default) forwards what this host and the router support");
        }
    }

    private List<Config.Forward> forwards(Node node, Lease defaultLease) {
        if (!(node instanceof SequenceNode seq)) {
            throw error(node, "forwards", "must be a list of forwards (each line starting with '- ')",
                    "write each forward as '  - name: blog' with its keys indented below it");
        }
        List<Config.Forward> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ports = new HashSet<>();
        int i = 0;
        for (Node item : seq.getValue()) {
            String at = "forwards[" + i + "]";
            Map<String, NodeTuple> m = mapping(item, at, Set.of("name", "port", "external-port", "protocol", "to", "lease",
                    "ip-version"));
            String name = optString(m, at, "name").orElseThrow(() -> error(item, at + ".name", "missing",
                    "give every forward a unique name, e.g. 'name: blog'"));
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}")) {
                throw error(m.get("name").getValueNode(), at + ".name", "'" + name
                        + "' must be 1-40 letters, digits, spaces, '.', '_' or '-'", null);
            }
            if (!names.add(Ownership.describe(name))) {
                throw error(m.get("name").getValueNode(), at + ".name", "duplicate name '" + name + "'",
                        "names must be unique: homeport uses them to recognise its mappings");
            }
            if (!m.containsKey("port")) throw error(item, at + ".port", "missing", "add 'port: 888'");
            int port = port(m.get("port").getValueNode(), at + ".port");
            int ext = m.containsKey("external-port") ? port(m.get("external-port").getValueNode(), at + ".external-port") : port;
            List<Protocol> protocols;
            String protoText = optString(m, at, "protocol").orElse("tcp");
            try {
                protocols = Protocol.parseChoice(protoText);
            } catch (IllegalArgumentException e) {
                throw error(m.get("protocol").getValueNode(), at + ".protocol", "'" + protoText + "' must be tcp, udp or both",
                        "web servers use tcp; 'both' opens tcp and udp");
            }
            for (Protocol p : protocols) {
                if (!ports.add(ext + "/" + p.label())) {
                    throw error(item, at + ".external-port", "external port " + ext + "/" + p.label()
                            + " is used by two forwards", "a router port can be forwarded to one place only");
                }
            }
            Optional<String> to = optString(m, at, "to");
            if (to.isPresent() && !Ipv4.isValid(to.get())) {
                throw error(m.get("to").getValueNode(), at + ".to", "'" + to.get() + "' is not an IPv4 address",
                        "use the LAN host's address like 192.168.1.20, or leave 'to' out for this host");
            }
            Lease lease = optString(m, at, "lease").map(t -> lease(m.get("lease").getValueNode(), at + ".lease", t))
                    .orElse(defaultLease);
            IpVersion version = ipVersion(m, at);
            out.add(new Config.Forward(name, port, ext, protocols, to, lease, version));
            i++;
        }
        return out;
    }

    private Config.Ddns ddns(Node node) {
        Map<String, NodeTuple> m = mapping(node, "ddns", Set.of("provider", "server", "insecure", "hostnames", "username",
                "password-file", "password-env", "ip-source", "ip-url", "password", "token", "zone", "ttl", "proxied",
                "tsig-key-file", "token-file", "ip-version"));
        rejectInlineSecret(m, "ddns");
        String provider = optString(m, "ddns", "provider").orElse("dyndns").toLowerCase(Locale.ROOT);
        if (!PROVIDERS.contains(provider)) {
            throw error(m.get("provider").getValueNode(), "ddns.provider", "unknown provider '" + provider + "'",
                    "use one of dyndns, noip, dynu, he, duckdns, dyndns2, rfc2136, cloudflare");
        }
        if (ZONE_PROVIDERS.contains(provider)) return zoneDdns(node, m, provider);
        for (String k : List.of("zone", "ttl", "proxied", "tsig-key-file", "token-file")) {
            if (m.containsKey(k)) {
                throw error(m.get(k).getKeyNode(), "ddns." + k, "only the rfc2136 and cloudflare providers use this key",
                        "remove it, or set 'provider: rfc2136' or 'provider: cloudflare'");
            }
        }
        boolean insecure = optString(m, "ddns", "insecure").map(v -> bool(m.get("insecure").getValueNode(), "ddns.insecure", v))
                .orElse(false);
        Optional<String> server = optString(m, "ddns", "server").map(u -> checkUrl(m.get("server").getValueNode(), "ddns.server", u));
        if (provider.equals("dyndns2") && server.isEmpty()) {
            throw error(m.get("provider").getValueNode(), "ddns.server", "provider dyndns2 needs a server URL",
                    "add 'server: https://members.example.net' (your provider's update server)");
        }
        if (server.isPresent() && isPlainHttp(server.get()) && !insecure && !isLoopbackUrl(server.get())) {
            throw error(m.get("server").getValueNode(), "ddns.server", "plain http would send the password in the clear",
                    "use https, or add 'insecure: true' if you really mean it");
        }
        if (!m.containsKey("hostnames")) throw error(node, "ddns.hostnames", "missing", "add 'hostnames: [myname.example.org]'");
        List<String> hostnames = hostnames(m.get("hostnames").getValueNode());
        Optional<Path> passwordFile = optString(m, "ddns", "password-file").map(p -> Path.of(p));
        Optional<String> env = optString(m, "ddns", "password-env");
        if (passwordFile.isEmpty() && env.isEmpty()) {
            throw error(node, "ddns.password-file", "missing: the provider needs a password or token",
                    "put it in a file readable only by you (chmod 600) and add 'password-file: /etc/homeport/ddns.secret'");
        }
        passwordFile.ifPresent(p -> secrets.checkSecretFile(p, file, line(m.get("password-file").getValueNode()),
                "ddns.password-file"));
        Optional<String> username = optString(m, "ddns", "username");
        if (username.isEmpty() && !provider.equals("duckdns") && !provider.equals("he")) {
            throw error(node, "ddns.username", "missing", "add 'username: yourname' (your account at the provider)");
        }
        String ipSource = optString(m, "ddns", "ip-source").orElse("router").toLowerCase(Locale.ROOT);
        if (!ipSource.equals("router") && !ipSource.equals("url")) {
            throw error(m.get("ip-source").getValueNode(), "ddns.ip-source", "'" + ipSource + "' must be router or url", null);
        }
        Optional<String> ipUrl = optString(m, "ddns", "ip-url").map(u -> checkUrl(m.get("ip-url").getValueNode(), "ddns.ip-url", u));
        if (ipSource.equals("url") && ipUrl.isEmpty()) {
            throw error(m.get("ip-source").getValueNode(), "ddns.ip-url", "ip-source: url needs an ip-url",
                    "add 'ip-url: https://checkip.example.net' or use 'ip-source: router'");
        }
        return new Config.Ddns(provider, server, insecure, hostnames, username, passwordFile, env, ipSource, ipUrl,
                ipVersion(m, "ddns"));
    }

    /** The section of a provider that edits a zone's records itself: rfc2136 (a DNS server) or cloudflare (its API). */
    private Config.Ddns zoneDdns(Node node, Map<String, NodeTuple> m, String provider) {
        boolean rfc = provider.equals("rfc2136");
        for (String k : rfc ? List.of("username", "password-file", "password-env", "token-file", "proxied", "insecure")
                : List.of("username", "password-file", "tsig-key-file", "insecure")) {
            if (m.containsKey(k)) {
                throw error(m.get(k).getKeyNode(), "ddns." + k, "provider " + provider + " does not use this key",
                        rfc ? "the TSIG key file ('tsig-key-file:') is the only credential" : "put the API token in 'token-file:'");
            }
        }
        if (!m.containsKey("zone")) throw error(node, "ddns.zone", "missing", "add 'zone: example.org' (the zone the names are in)");
        String zone = scalar(m.get("zone").getValueNode(), "ddns.zone").strip().toLowerCase(Locale.ROOT);
        if (zone.endsWith(".")) zone = zone.substring(0, zone.length() - 1);
        if (!zone.matches(HOST_NAME)) {
            throw error(m.get("zone").getValueNode(), "ddns.zone", "'" + zone + "' is not a domain name", "write it like example.org");
        }
        if (!m.containsKey("hostnames")) throw error(node, "ddns.hostnames", "missing", "add 'hostnames: [home." + zone + "]'");
        List<String> hostnames = hostnames(m.get("hostnames").getValueNode());
        for (String h : hostnames) {
            if (!h.equals(zone) && !h.endsWith("." + zone)) {
                throw error(m.get("hostnames").getValueNode(), "ddns.hostnames", "'" + h + "' is not in zone " + zone,
                        "list only names that end in ." + zone + ", or correct 'zone:'");
            }
        }
        Optional<Integer> ttl = optString(m, "ddns", "ttl").map(v -> ttl(m.get("ttl").getValueNode(), v, rfc));
        Optional<Boolean> proxied = optString(m, "ddns", "proxied").map(v -> bool(m.get("proxied").getValueNode(), "ddns.proxied", v));
        String secretKey = rfc ? "tsig-key-file" : "token-file";
        Optional<Path> secretFile = optString(m, "ddns", secretKey).map(Path::of);
        Optional<String> env = optString(m, "ddns", "password-env");
        if (secretFile.isEmpty() && env.isEmpty()) {
            throw error(node, "ddns." + secretKey, "missing", rfc
                    ? "make a key with 'tsig-keygen NAME > /etc/homeport/ddns.key', 'chmod 600' it,"
                            + " and add 'tsig-key-file: /etc/homeport/ddns.key'"
                    : "put an API token (permission Zone.DNS Edit) in a file, 'chmod 600' it, and add 'token-file: PATH'");
        }
        secretFile.ifPresent(p -> secrets.checkSecretFile(p, file, line(m.get(secretKey).getValueNode()), "ddns." + secretKey));
        Optional<String> server = rfc ? Optional.of(dnsServer(node, m)) : optString(m, "ddns", "server")
                .map(u -> checkUrl(m.get("server").getValueNode(), "ddns.server", u));
        if (!rfc && server.isPresent() && isPlainHttp(server.get()) && !isLoopbackUrl(server.get())) {
            throw error(m.get("server").getValueNode(), "ddns.server", "plain http would send the API token in the clear", "use https");
        }
        String ipSource = optString(m, "ddns", "ip-source").orElse("router").toLowerCase(Locale.ROOT);
        if (!ipSource.equals("router") && !ipSource.equals("url")) {
            throw error(m.get("ip-source").getValueNode(), "ddns.ip-source", "'" + ipSource + "' must be router or url", null);
        }
        Optional<String> ipUrl = optString(m, "ddns", "ip-url").map(u -> checkUrl(m.get("ip-url").getValueNode(), "ddns.ip-url", u));
        if (ipSource.equals("url") && ipUrl.isEmpty()) {
            throw error(m.get("ip-source").getValueNode(), "ddns.ip-url", "ip-source: url needs an ip-url",
                    "add 'ip-url: https://checkip.example.net' or use 'ip-source: router'");
        }
        return new Config.Ddns(provider, server, false, hostnames, Optional.empty(), secretFile, env, ipSource, ipUrl,
                Optional.of(new Config.Zone(zone, ttl, proxied)), ipVersion(m, "ddns"));
    }

    /** The rfc2136 server: a host name or address, with an optional port ({@code ns1.example.org:5353}, {@code [2001:db8::1]:53}). */
    private String dnsServer(Node node, Map<String, NodeTuple> m) {
        if (!m.containsKey("server")) {
            throw error(node, "ddns.server", "missing", "add 'server: ns1.example.org' (the primary server of the zone, host[:port])");
        }
        Node n = m.get("server").getValueNode();
        String v = scalar(n, "ddns.server").strip();
        java.util.regex.Matcher hp = java.util.regex.Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?").matcher(v);
        if (!hp.matches() || (hp.group(2) != null && (Integer.parseInt(hp.group(2)) < 1 || Integer.parseInt(hp.group(2)) > 65535))) {
            throw error(n, "ddns.server", "'" + v + "' is not host[:port]",
                    "write it like ns1.example.org, 192.0.2.53:5353 or [2001:db8::53]:53");
        }
        return v;
    }

    private int ttl(Node node, String v, boolean rfc) {
        int ttl;
        try {
            ttl = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw error(node, "ddns.ttl", "'" + v + "' is not a number of seconds", "for example 300");
        }
        boolean ok = rfc ? ttl >= 1 && ttl <= 604_800 : ttl == 1 || (ttl >= 60 && ttl <= 86_400);
        if (!ok) {
            throw error(node, "ddns.ttl", ttl + " is out of range", rfc ? "use 1 to 604800 seconds (300 is usual for a dynamic name)"
                    : "Cloudflare takes 1 (automatic) or 60 to 86400 seconds");
        }
        return ttl;
    }

    private List<String> hostnames(Node node) {
        if (node instanceof MappingNode) {
            throw error(node, "ddns.hostnames", "must be a host name or a list of host names",
                    "write it like 'hostnames: [home.example.org]'");
        }
        List<Node> items = node instanceof SequenceNode s ? s.getValue() : List.of(node);
        List<String> out = new ArrayList<>();
        for (Node n : items) {
            String h = scalar(n, "ddns.hostnames").toLowerCase(Locale.ROOT);
            if (!h.matches(HOST_NAME)) {
                throw error(n, "ddns.hostnames", "'" + h + "' is not a fully qualified host name",
                        "write the whole name, like savvypetesblog.is-lost.org");
            }
            if (!out.contains(h)) out.add(h);
        }
        if (out.isEmpty()) throw error(node, "ddns.hostnames", "empty", "list at least one host name");
        return out;
    }

    private void rejectInlineSecret(Map<String, NodeTuple> m, String section) {
        for (String k : List.of("password", "token")) {
            if (m.containsKey(k)) {
                throw error(m.get(k).getKeyNode(), section + "." + k, "secrets are not accepted inline in the config",
                        "move it to a file (chmod 600) and use 'password-file: PATH', or 'password-env: VARIABLE'");
            }
        }
    }

    private Map<String, NodeTuple> mapping(Node node, String at, Set<String> allowed) {
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

    private Optional<String> optString(Map<String, NodeTuple> m, String at, String key) {
        NodeTuple t = m.get(key);
        if (t == null) return Optional.empty();
        String v = scalar(t.getValueNode(), at + "." + key).strip();
        if (v.isEmpty()) throw error(t.getValueNode(), at + "." + key, "empty value", "give a value or remove the key");
        return Optional.of(v);
    }

    private String scalar(Node node, String at) {
        if (node instanceof ScalarNode s) return s.getValue();
        throw error(node, at, "must be a single value, not a list or mapping", null);
    }

    private int port(Node node, String at) {
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

    private Lease lease(Node node, String at, String text) {
        try {
            return Lease.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(node, at, e.getMessage(), "for example 7d, 12h or permanent");
        }
    }

    private boolean bool(Node node, String at, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(node, at, "'" + v + "' must be true or false", null);
        };
    }

    private String checkUrl(Node node, String at, String url) {
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

    private ConfigException error(Node node, String key, String problem, String hint) {
        return new ConfigException(file, line(node), key, problem, hint);
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
