package dev.homeport.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ddns keys of providers rfc2136 and cloudflare: zone, ttl, proxied, tsig-key-file, token-file. */
class ZoneProviderConfigTest {
    @TempDir
    Path dir;

    @BeforeEach
    void secrets() throws IOException {
        for (String f : List.of("ddns.key", "cf.token")) {
            Path p = dir.resolve(f);
            Files.writeString(p, "x\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private Config load(String ddns) throws IOException {
        Path p = dir.resolve("homeport.yaml");
        Files.writeString(p, ("ddns:\n" + ddns).replace("DIR", dir.toString()));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return ConfigLoader.load(p);
    }

    private ConfigException bad(String ddns) {
        return assertThrows(ConfigException.class, () -> load(ddns));
    }

    @Test
    void readsAnRfc2136SectionWithTheDefaultTtlLeftToTheProvider() throws IOException {
        Config.Ddns d = load("""
                  provider: rfc2136
                  server: ns1.example.org:5353
                  zone: Example.org.
                  hostnames: [home.example.org, example.org]
                  tsig-key-file: DIR/ddns.key
                """).ddns().orElseThrow();
        assertEquals("rfc2136", d.provider());
        assertEquals(Optional.of("ns1.example.org:5353"), d.server());
        assertEquals(new Config.Zone("example.org", Optional.empty(), Optional.empty()), d.zone().orElseThrow());
        assertEquals(Optional.of(dir.resolve("ddns.key")), d.passwordFile());
    }

    @Test
    void readsACloudflareSectionWithTtlAndProxied() throws IOException {
        Config.Ddns d = load("""
                  provider: cloudflare
                  zone: example.org
                  hostnames: [home.example.org]
                  token-file: DIR/cf.token
                  ttl: 120
                  proxied: false
                """).ddns().orElseThrow();
        assertEquals(Optional.empty(), d.server(), "the real API unless a server is given");
        assertEquals(new Config.Zone("example.org", Optional.of(120), Optional.of(false)), d.zone().orElseThrow());
    }

    @Test
    void refusesWhatCannotWorkNamingTheLine() {
        ConfigException outside = bad("""
                  provider: rfc2136
                  server: 192.0.2.53
                  zone: example.org
                  hostnames: [home.example.net]
                  tsig-key-file: DIR/ddns.key
                """);
        assertEquals(5, outside.line());
        assertTrue(outside.getMessage().contains("'home.example.net' is not in zone example.org"), outside.getMessage());

        assertTrue(bad("  provider: rfc2136\n  zone: example.org\n  hostnames: [a.example.org]\n  tsig-key-file: DIR/ddns.key\n")
                .getMessage().contains("ddns.server: missing"));
        ConfigException url = bad("  provider: rfc2136\n  server: http://ns1.example.org\n  zone: example.org\n"
                + "  hostnames: [a.example.org]\n  tsig-key-file: DIR/ddns.key\n");
        assertEquals(3, url.line());
        assertTrue(url.getMessage().contains("is not host[:port]"), url.getMessage());
        assertTrue(bad("  provider: cloudflare\n  hostnames: [a.example.org]\n  token-file: DIR/cf.token\n").getMessage()
                .contains("ddns.zone: missing"));
        ConfigException ttl = bad("  provider: cloudflare\n  zone: example.org\n  hostnames: [a.example.org]\n  token-file: DIR/cf.token\n"
                + "  ttl: 30\n");
        assertTrue(ttl.getMessage().contains("ddns.ttl: 30 is out of range") && ttl.hint().orElse("").contains("60 to 86400"),
                ttl.getMessage());
        assertTrue(bad("  provider: cloudflare\n  zone: example.org\n  hostnames: [a.example.org]\n").getMessage()
                .contains("ddns.token-file: missing"));
        assertTrue(bad("  provider: dyndns\n  zone: example.org\n  hostnames: [a.example.org]\n").getMessage()
                .contains("only the rfc2136 and cloudflare providers use this key"));
        assertTrue(bad("  provider: rfc2136\n  password-file: DIR/ddns.key\n").getMessage().contains("does not use this key"));
    }

    @Test
    void plainHttpToAnotherHostIsRefusedWhateverTheCaseOfTheScheme() {
        for (String scheme : List.of("http", "HTTP", "Http")) {
            ConfigException dyndns2 = bad("  provider: dyndns2\n  server: " + scheme + "://dyn.example.com\n"
                    + "  hostnames: [a.example.org]\n  username: pete\n  password-file: DIR/cf.token\n");
            assertTrue(dyndns2.getMessage().contains("ddns.server: plain http would send the password in the clear"),
                    scheme + ": " + dyndns2.getMessage());
            ConfigException cloudflare = bad("  provider: cloudflare\n  server: " + scheme + "://api.example.com/client/v4\n"
                    + "  zone: example.org\n  hostnames: [a.example.org]\n  token-file: DIR/cf.token\n");
            assertTrue(cloudflare.getMessage().contains("ddns.server: plain http would send the API token in the clear"),
                    scheme + ": " + cloudflare.getMessage());
        }
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws IOException {
        Files.setPosixFilePermissions(dir.resolve("ddns.key"), PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException e = bad("""
                  provider: rfc2136
                  server: 192.0.2.53
                  zone: example.org
                  hostnames: [home.example.org]
                  tsig-key-file: DIR/ddns.key
                """);
        assertEquals(6, e.line());
        assertTrue(e.getMessage().contains("can be read or changed by other users"), e.getMessage());
    }
}
