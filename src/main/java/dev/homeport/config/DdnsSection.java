package dev.homeport.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The {@code ddns:} section of a config file: an account at a dyndns2-style provider, or a zone whose records
 * homeport edits itself. Secret files are checked (present, readable, private) but never read here.
 */
final class DdnsSection {
    static final Set<String> PROVIDERS = Set.of("dyndns", "noip", "dynu", "he", "duckdns", "dyndns2", "rfc2136",
            "cloudflare");
    /** Providers that edit records of a zone themselves (no dyndns2-style account). */
    static final Set<String> ZONE_PROVIDERS = Set.of("rfc2136", "cloudflare");
    private static final String HOST_NAME = "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

    private final Path file;
    private final SecretFiles secrets;
    private final YamlNodes yaml;

    /** Where the public address comes from: {@code router}, or {@code url} (the page at {@code ip-url}). */
    private record IpSource(String source, Optional<String> url) {
    }

    DdnsSection(Path file, SecretFiles secrets, YamlNodes yaml) {
        this.file = file;
        this.secrets = secrets;
        this.yaml = yaml;
    }

    /**
     * Reads the section at {@code node}.
     *
     * @throws ConfigException when it is invalid, or a secret file it names is missing or not private
     */
    Config.Ddns parse(Node node) {
        Map<String, NodeTuple> m = yaml.mapping(node, "ddns", Set.of("provider", "server", "insecure", "hostnames", "username",
                "password-file", "password-env", "ip-source", "ip-url", "password", "token", "zone", "ttl", "proxied",
                "tsig-key-file", "token-file", "ip-version"));
        yaml.rejectInlineSecret(m, "ddns");
        String provider = yaml.optString(m, "ddns", "provider").orElse("dyndns").toLowerCase(Locale.ROOT);
        if (!PROVIDERS.contains(provider)) {
            throw yaml.error(m.get("provider").getValueNode(), "ddns.provider", "unknown provider '" + provider + "'",
                    "use one of dyndns, noip, dynu, he, duckdns, dyndns2, rfc2136, cloudflare");
        }
        if (ZONE_PROVIDERS.contains(provider)) return zoneDdns(node, m, provider);
        return accountDdns(node, m, provider);
    }

    /** The section of a dyndns2-style provider: an account (username, password) that may update some names. */
    private Config.Ddns accountDdns(Node node, Map<String, NodeTuple> m, String provider) {
        for (String k : List.of("zone", "ttl", "proxied", "tsig-key-file", "token-file")) {
            if (m.containsKey(k)) {
                throw yaml.error(m.get(k).getKeyNode(), "ddns." + k, "only the rfc2136 and cloudflare providers use this key",
                        "remove it, or set 'provider: rfc2136' or 'provider: cloudflare'");
            }
        }
        boolean insecure = yaml.optString(m, "ddns", "insecure")
                .map(v -> yaml.bool(m.get("insecure").getValueNode(), "ddns.insecure", v)).orElse(false);
        Optional<String> server = accountServer(m, provider, insecure);
        if (!m.containsKey("hostnames")) throw yaml.error(node, "ddns.hostnames", "missing", "add 'hostnames: [myname.example.org]'");
        List<String> hostnames = hostnames(m.get("hostnames").getValueNode());
        Optional<Path> passwordFile = yaml.optString(m, "ddns", "password-file").map(p -> Path.of(p));
        Optional<String> env = yaml.optString(m, "ddns", "password-env");
        if (passwordFile.isEmpty() && env.isEmpty()) {
            throw yaml.error(node, "ddns.password-file", "missing: the provider needs a password or token",
                    "put it in a file readable only by you (chmod 600) and add 'password-file: /etc/homeport/ddns.secret'");
        }
        passwordFile.ifPresent(p -> secrets.checkSecretFile(p, file, YamlNodes.line(m.get("password-file").getValueNode()),
                "ddns.password-file"));
        Optional<String> username = yaml.optString(m, "ddns", "username");
        if (username.isEmpty() && !provider.equals("duckdns") && !provider.equals("he")) {
            throw yaml.error(node, "ddns.username", "missing", "add 'username: yourname' (your account at the provider)");
        }
        IpSource ip = ipSource(m);
        return new Config.Ddns(provider, server, insecure, hostnames, username, passwordFile, env, ip.source(), ip.url(),
                yaml.ipVersion(m, "ddns"));
    }

    /** The update server of a dyndns2-style provider: dyndns2 needs one; plain http only when insecure or on loopback. */
    private Optional<String> accountServer(Map<String, NodeTuple> m, String provider, boolean insecure) {
        Optional<String> server = yaml.optString(m, "ddns", "server")
                .map(u -> yaml.checkUrl(m.get("server").getValueNode(), "ddns.server", u));
        if (provider.equals("dyndns2") && server.isEmpty()) {
            throw yaml.error(m.get("provider").getValueNode(), "ddns.server", "provider dyndns2 needs a server URL",
                    "add 'server: https://members.example.net' (your provider's update server)");
        }
        if (server.isPresent() && ConfigLoader.isPlainHttp(server.get()) && !insecure && !ConfigLoader.isLoopbackUrl(server.get())) {
            throw yaml.error(m.get("server").getValueNode(), "ddns.server", "plain http would send the password in the clear",
                    "use https, or add 'insecure: true' if you really mean it");
        }
        return server;
    }

    /** The section of a provider that edits a zone's records itself: rfc2136 (a DNS server) or cloudflare (its API). */
    private Config.Ddns zoneDdns(Node node, Map<String, NodeTuple> m, String provider) {
        boolean rfc = provider.equals("rfc2136");
        for (String k : rfc ? List.of("username", "password-file", "password-env", "token-file", "proxied", "insecure")
                : List.of("username", "password-file", "tsig-key-file", "insecure")) {
            if (m.containsKey(k)) {
                throw yaml.error(m.get(k).getKeyNode(), "ddns." + k, "provider " + provider + " does not use this key",
                        rfc ? "the TSIG key file ('tsig-key-file:') is the only credential" : "put the API token in 'token-file:'");
            }
        }
        String zone = zone(node, m);
        List<String> hostnames = zoneHostnames(node, m, zone);
        Optional<Integer> ttl = yaml.optString(m, "ddns", "ttl").map(v -> ttl(m.get("ttl").getValueNode(), v, rfc));
        Optional<Boolean> proxied = yaml.optString(m, "ddns", "proxied")
                .map(v -> yaml.bool(m.get("proxied").getValueNode(), "ddns.proxied", v));
        String secretKey = rfc ? "tsig-key-file" : "token-file";
        Optional<Path> secretFile = yaml.optString(m, "ddns", secretKey).map(Path::of);
        Optional<String> env = yaml.optString(m, "ddns", "password-env");
        if (secretFile.isEmpty() && env.isEmpty()) {
            throw yaml.error(node, "ddns." + secretKey, "missing", rfc
                    ? "make a key with 'tsig-keygen NAME > /etc/homeport/ddns.key', 'chmod 600' it,"
                            + " and add 'tsig-key-file: /etc/homeport/ddns.key'"
                    : "put an API token (permission Zone.DNS Edit) in a file, 'chmod 600' it, and add 'token-file: PATH'");
        }
        secretFile.ifPresent(p -> secrets.checkSecretFile(p, file, YamlNodes.line(m.get(secretKey).getValueNode()),
                "ddns." + secretKey));
        Optional<String> server = rfc ? Optional.of(dnsServer(node, m)) : yaml.optString(m, "ddns", "server")
                .map(u -> yaml.checkUrl(m.get("server").getValueNode(), "ddns.server", u));
        if (!rfc && server.isPresent() && ConfigLoader.isPlainHttp(server.get()) && !ConfigLoader.isLoopbackUrl(server.get())) {
            throw yaml.error(m.get("server").getValueNode(), "ddns.server", "plain http would send the API token in the clear",
                    "use https");
        }
        IpSource ip = ipSource(m);
        return new Config.Ddns(provider, server, false, hostnames, Optional.empty(), secretFile, env, ip.source(), ip.url(),
                Optional.of(new Config.Zone(zone, ttl, proxied)), yaml.ipVersion(m, "ddns"));
    }

    /** {@code ddns.zone}, in lower case and without a final dot. */
    private String zone(Node node, Map<String, NodeTuple> m) {
        if (!m.containsKey("zone")) throw yaml.error(node, "ddns.zone", "missing", "add 'zone: example.org' (the zone the names are in)");
        String zone = yaml.scalar(m.get("zone").getValueNode(), "ddns.zone").strip().toLowerCase(Locale.ROOT);
        if (zone.endsWith(".")) zone = zone.substring(0, zone.length() - 1);
        if (!zone.matches(HOST_NAME)) {
            throw yaml.error(m.get("zone").getValueNode(), "ddns.zone", "'" + zone + "' is not a domain name", "write it like example.org");
        }
        return zone;
    }

    /** {@code ddns.hostnames} of a zone provider: each one the zone itself or a name in it. */
    private List<String> zoneHostnames(Node node, Map<String, NodeTuple> m, String zone) {
        if (!m.containsKey("hostnames")) throw yaml.error(node, "ddns.hostnames", "missing", "add 'hostnames: [home." + zone + "]'");
        List<String> hostnames = hostnames(m.get("hostnames").getValueNode());
        for (String h : hostnames) {
            if (!h.equals(zone) && !h.endsWith("." + zone)) {
                throw yaml.error(m.get("hostnames").getValueNode(), "ddns.hostnames", "'" + h + "' is not in zone " + zone,
                        "list only names that end in ." + zone + ", or correct 'zone:'");
            }
        }
        return hostnames;
    }

    /** The rfc2136 server: a host name or address, with an optional port ({@code ns1.example.org:5353}, {@code [2001:db8::1]:53}). */
    private String dnsServer(Node node, Map<String, NodeTuple> m) {
        if (!m.containsKey("server")) {
            throw yaml.error(node, "ddns.server", "missing", "add 'server: ns1.example.org' (the primary server of the zone, host[:port])");
        }
        Node n = m.get("server").getValueNode();
        String v = yaml.scalar(n, "ddns.server").strip();
        java.util.regex.Matcher hp = java.util.regex.Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?").matcher(v);
        if (!hp.matches() || (hp.group(2) != null && (Integer.parseInt(hp.group(2)) < 1 || Integer.parseInt(hp.group(2)) > 65535))) {
            throw yaml.error(n, "ddns.server", "'" + v + "' is not host[:port]",
                    "write it like ns1.example.org, 192.0.2.53:5353 or [2001:db8::53]:53");
        }
        return v;
    }

    private int ttl(Node node, String v, boolean rfc) {
        int ttl;
        try {
            ttl = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw yaml.error(node, "ddns.ttl", "'" + v + "' is not a number of seconds", "for example 300");
        }
        boolean ok = rfc ? ttl >= 1 && ttl <= 604_800 : ttl == 1 || (ttl >= 60 && ttl <= 86_400);
        if (!ok) {
            throw yaml.error(node, "ddns.ttl", ttl + " is out of range", rfc ? "use 1 to 604800 seconds (300 is usual for a dynamic name)"
                    : "Cloudflare takes 1 (automatic) or 60 to 86400 seconds");
        }
        return ttl;
    }

    private List<String> hostnames(Node node) {
        if (node instanceof MappingNode) {
            throw yaml.error(node, "ddns.hostnames", "must be a host name or a list of host names",
                    "write it like 'hostnames: [home.example.org]'");
        }
        List<Node> items = node instanceof SequenceNode s ? s.getValue() : List.of(node);
        List<String> out = new ArrayList<>();
        for (Node n : items) {
            String h = yaml.scalar(n, "ddns.hostnames").toLowerCase(Locale.ROOT);
            if (!h.matches(HOST_NAME)) {
                throw yaml.error(n, "ddns.hostnames", "'" + h + "' is not a fully qualified host name",
                        "write the whole name, like savvypetesblog.is-lost.org");
            }
            if (!out.contains(h)) out.add(h);
        }
        if (out.isEmpty()) throw yaml.error(node, "ddns.hostnames", "empty", "list at least one host name");
        return out;
    }

    /** {@code ip-source} and {@code ip-url}: the router (the default), or a page that echoes the caller's address. */
    private IpSource ipSource(Map<String, NodeTuple> m) {
        String ipSource = yaml.optString(m, "ddns", "ip-source").orElse("router").toLowerCase(Locale.ROOT);
        if (!ipSource.equals("router") && !ipSource.equals("url")) {
            throw yaml.error(m.get("ip-source").getValueNode(), "ddns.ip-source", "'" + ipSource + "' must be router or url", null);
        }
        Optional<String> ipUrl = yaml.optString(m, "ddns", "ip-url")
                .map(u -> yaml.checkUrl(m.get("ip-url").getValueNode(), "ddns.ip-url", u));
        if (ipSource.equals("url") && ipUrl.isEmpty()) {
            throw yaml.error(m.get("ip-source").getValueNode(), "ddns.ip-url", "ip-source: url needs an ip-url",
                    "add 'ip-url: https://checkip.example.net' or use 'ip-source: router'");
        }
        return new IpSource(ipSource, ipUrl);
    }
}
