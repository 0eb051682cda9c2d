package dev.homeport.ddns;

import dev.homeport.config.Config;
import dev.homeport.config.ConfigException;
import dev.homeport.config.SecretFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The {@code ddns:} section made ready to use: the provider's update URL resolved, the secret read.
 *
 * @param provider  which provider
 * @param updateUrl the full update endpoint, e.g. {@code https://members.dyndns.org/nic/update}
 * @param hostnames the names to keep pointed at the router
 * @param username  account name; empty for DuckDNS, and ignored for HE (the hostname is the user)
 * @param secret    password or token
 * @param section   every value of the section except the secret, for the config fingerprint
 * @param zone      the zone, for rfc2136 and cloudflare
 * @param secretFile the file the secret came from, if any (rfc2136 reads its TSIG key from it)
 */
record DdnsSettings(Provider provider, String updateUrl, List<String> hostnames, Optional<String> username, Secret secret,
                    String section, Optional<Config.Zone> zone, Optional<Path> secretFile) {

    DdnsSettings(Provider provider, String updateUrl, List<String> hostnames, Optional<String> username, Secret secret,
                 String section) {
        this(provider, updateUrl, hostnames, username, secret, section, Optional.empty(), Optional.empty());
    }

    DdnsSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(updateUrl, "updateUrl");
        hostnames = List.copyOf(hostnames);
        if (hostnames.isEmpty()) throw new IllegalArgumentException("hostnames must not be empty");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(secretFile, "secretFile");
        if (provider.wire() == Provider.Wire.RFC2136 || provider.wire() == Provider.Wire.CLOUDFLARE) {
            if (zone.isEmpty()) throw new IllegalArgumentException("provider " + provider.id() + " needs a zone");
        }
    }

    /**
     * Resolves the section of {@code config}, reading the secret from its file or the environment.
     *
     * @throws ConfigException when there is no ddns section, or the secret is missing, unreadable or not private
     */
    static DdnsSettings from(Config config, Map<String, String> env) {
        Config.Ddns d = config.ddns().orElseThrow(() -> new ConfigException(config.source(), 0, "ddns",
                "no 'ddns:' section", "add one (see docs/dynamic-dns.md)"));
        Provider provider = Provider.of(d.provider());
        String url = updateUrl(provider, d.server(), d.zone());
        Secret secret = provider.wire() == Provider.Wire.RFC2136 && d.passwordFile().isPresent()
                ? keySecret(TsigKey.read(d.passwordFile().get())) : readSecret(config.source(), d, env);
        if (provider.wire() == Provider.Wire.CLOUDFLARE && !secret.reveal().matches("[\\x21-\\x7e]+")) {
            // It goes raw into the Authorization header, where the HTTP client refuses such a character with an exception.
            throw new ConfigException(config.source(), 0, d.passwordFile().isPresent() ? "ddns.token-file" : "ddns.password-env",
                    "the API token has a character an API token cannot contain (a space, or a non-ASCII character such as a"
                            + " non-breaking space copied with it)", "put the token alone on the first line, as Cloudflare shows it");
        }
        String section = String.join("\n", provider.id(), url, Boolean.toString(d.insecure()), String.join(",", d.hostnames()),
                d.username().orElse(""), d.passwordFile().map(Path::toString).orElse(""), d.passwordEnv().orElse(""),
                d.ipSource(), d.ipUrl().orElse(""), d.zone().map(Config.Zone::toString).orElse(""), d.ipVersion().label());
        return new DdnsSettings(provider, url, d.hostnames(), d.username(), secret, section, d.zone(), d.passwordFile());
    }

    /**
     * A server given without a path gets the protocol's standard one ({@code /nic/update}, DuckDNS {@code /update});
     * a server with a path is used as written (some dyndns2 services use their own script path).
     */
    static String updateUrl(Provider provider, Optional<String> server) {
        return updateUrl(provider, server, Optional.empty());
    }

    /** As {@link #updateUrl(Provider, Optional)}; rfc2136 names its server as {@code dns://host[:port]/zone}. */
    static String updateUrl(Provider provider, Optional<String> server, Optional<Config.Zone> zone) {
        if (provider.wire() == Provider.Wire.RFC2136) {
            return "dns://" + server.orElseThrow(() -> new IllegalArgumentException("rfc2136 needs a server")) + "/"
                    + zone.map(Config.Zone::name).orElse("");
        }
        if (provider.wire() == Provider.Wire.CLOUDFLARE) {
            return server.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u).orElse(provider.defaultUrl().orElseThrow());
        }
        if (server.isEmpty()) return provider.defaultUrl().orElseThrow();
        HttpUrl u = HttpUrl.get(server.get());
        if (!u.encodedPath().equals("/")) return u.newBuilder().query(null).build().toString();
        String path = provider.wire() == Provider.Wire.DUCKDNS ? "update" : "nic/update";
        return u.newBuilder().query(null).addPathSegments(path).build().toString();
    }

    /** Identifies what the provider's records are bound to: changing any of these starts the host records afresh. */
    String target() {
        return provider.id() + " " + updateUrl + " " + username.orElse("") + zone.map(z -> " zone " + z.name()).orElse("");
    }

    /** The key's name and algorithm count as secret too: a new key of any kind clears a latch. */
    private static Secret keySecret(TsigKey key) {
        return new Secret(key.algorithm() + " " + key.name() + " " + key.secret().reveal());
    }

    /**
     * A salted hash of the section and the secret: a latch holds while this stays the same. Changing the password
     * file's content therefore clears a badauth latch, without the state file ever holding the secret.
     */
    String fingerprint(String salt) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(section.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(secret.reveal().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static Secret readSecret(Path config, Config.Ddns d, Map<String, String> env) {
        if (d.passwordFile().isPresent()) {
            Path file = d.passwordFile().get();
            String key = d.provider().equals("cloudflare") ? "ddns.token-file" : "ddns.password-file";
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ConfigException(config, 0, key, "secret file " + file + " is missing or not readable",
                        "create it with the password on one line, owned by the user homeport runs as, then 'chmod 600 " + file + "'");
            }
            if (!SecretFiles.isPrivate(file)) {
                throw new ConfigException(config, 0, key, "secret file " + file + " can be read or changed by other users",
                        "run 'chmod 600 " + file + "'");
            }
            String value;
            try {
                if (Files.size(file) > SecretFiles.MAX_SECRET_FILE) {
                    throw new ConfigException(config, 0, key, "secret file " + file + " is larger than "
                            + SecretFiles.MAX_SECRET_FILE + " bytes: not a password file",
                            "point " + key.substring("ddns.".length()) + " at the file holding the password");
                }
                value = SecretFiles.readSecret(file).strip();
            } catch (CharacterCodingException e) {
                throw new ConfigException(config, 0, key, "secret file " + file + " is not UTF-8 text",
                        "write the password on its first line as plain text");
            } catch (IOException e) {
                throw new ConfigException(config, 0, key, "cannot read secret file " + file + ": " + e.getClass().getSimpleName(),
                        "check its owner and permissions");
            }
            if (value.isEmpty()) {
                throw new ConfigException(config, 0, key, "secret file " + file + " is empty", "put the password on its first line");
            }
            return new Secret(value);
        }
        String name = d.passwordEnv().orElseThrow();
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigException(config, 0, "ddns.password-env", "environment variable " + name + " is not set or empty",
                    "export " + name + " in the environment homeport runs in (cron does not read your shell profile)");
        }
        return new Secret(value.strip());
    }

}
