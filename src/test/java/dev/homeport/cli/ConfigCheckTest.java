package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code homeport config check}: the effective settings with secrets masked, and the table of broken configs. */
class ConfigCheckTest {
    static final String SECRET = "hunter2-Secret-Value";
    static final String EXAMPLE = """
            router:
              via: auto                    # auto | upnp | web
              url: http://192.0.2.1:5000/rootDesc.xml   # optional: skip discovery (UPnP) or the admin URL (web)
            forwards:
              - name: blog
                port: 888                  # internal port; external-port defaults to it
                protocol: tcp              # tcp | udp | both
            ddns:
              provider: dyndns2            # dyndns (default) | noip | dynu | he | duckdns | dyndns2
              server: http://127.0.0.1:8245   # dyndns2 only; plain http allowed for loopback
              hostnames: [savvypetesblog.is-lost.org]
              username: pete
              password-file: DIR/ddns.secret
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void secrets() throws IOException {
        write("ddns.secret", SECRET + "\n", "rw-------");
        write("open.secret", SECRET + "\n", "rw-r--r--");
        write("empty.secret", "", "rw-------");
    }

    private Path write(String name, String text, String perms) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text.replace("DIR", dir.toString()));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    private CliRun.Result check(Map<String, String> env, String... extra) {
        String[] args = Stream.concat(Stream.of("config", "check", "--config", dir.resolve("homeport.yaml").toString()),
                Stream.of(extra)).toArray(String[]::new);
        return CliRun.run(dir.resolve("home"), env, args);
    }

    @Test
    void printsTheEffectiveSettingsOfTheDocumentedExampleWithTheSecretMasked() throws IOException {
        write("homeport.yaml", EXAMPLE, "rw-------");
        CliRun.Result r = check(Map.of());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stderr());
        assertEquals(List.of(dir.resolve("homeport.yaml") + ": ok",
                "router:",
                "  via: auto",
                "  url: http://192.0.2.1:5000/rootDesc.xml",
                "  profile: auto",
                "  username: admin (the default)",
                "  password: (none)",
                "  lease: 7d",
                "forwards:",
                "  - name: blog",
                "    port: 888",
                "    external-port: 888",
                "    protocol: tcp",
                "    to: (this host)",
                "    lease: 7d",
                "ddns:",
                "  provider: dyndns2",
                "  server: http://127.0.0.1:8245",
                "  hostnames: [savvypetesblog.is-lost.org]",
                "  username: pete",
                "  password: (from file " + dir.resolve("ddns.secret") + ")",
                "  ip-source: router"), r.stdout().lines().toList());
        assertFalse(r.stdout().contains(SECRET));
    }

    @Test
    void neverShowsTheSecretInJsonOrAtAnyVerbosity() throws IOException {
        write("homeport.yaml", EXAMPLE.replace("password-file: DIR/ddns.secret", "password-env: HP_DDNS"), "rw-------");
        for (String[] extra : List.of(new String[] {"--json"}, new String[] {"-vv"}, new String[] {"-v", "--json"})) {
            CliRun.Result r = check(Map.of("HP_DDNS", SECRET), extra);
            assertEquals(0, r.exitCode(), r.stderr());
            assertFalse((r.stdout() + r.stderr()).contains(SECRET), "secret shown with " + String.join(" ", extra));
        }
        CliRun.Result json = check(Map.of("HP_DDNS", SECRET), "--json");
        assertTrue(json.stdout().startsWith("{\"file\":"), json.stdout());
        assertTrue(json.stdout().contains("\"password-env\":\"HP_DDNS\""), json.stdout());
        assertTrue(json.stdout().contains("\"forwards\":[{\"name\":\"blog\",\"port\":888,\"external-port\":888,\"protocol\":\"tcp\""),
                json.stdout());
    }

    @Test
    void printsNothingWithQuietWhenTheConfigIsValid() throws IOException {
        write("homeport.yaml", EXAMPLE, "rw-------");
        CliRun.Result r = check(Map.of(), "-q");
        assertEquals(0, r.exitCode());
        assertEquals("", r.stdout() + r.stderr());
    }

    @Test
    void findsTheConfigInTheUsersConfigDirectoryWithoutConfigOption() throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".config/homeport"));
        Path cfg = home.resolve(".config/homeport/homeport.yaml");
        Files.writeString(cfg, "forwards:\n  - name: blog\n    port: 888\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        CliRun.Result r = CliRun.run(home, Map.of(), "config", "check");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().startsWith(cfg + ": ok"), r.stdout());
    }

    @Test
    void saysWhereItLookedWhenThereIsNoConfigAtAll() {
        CliRun.Result r = CliRun.run(dir.resolve("home"), Map.of(), "config", "check");
        assertEquals(3, r.exitCode());
        assertTrue(r.stderr().startsWith("error: " + dir.resolve("home/.config/homeport/homeport.yaml") + ": no config file (looked in "),
                r.stderr());
    }

    /** Broken configs: name, file content, the exact error line (FILE = the config's path, DIR = the temp dir), a word of the hint. */
    static Stream<Arguments> brokenConfigs() {
        return Stream.of(
            Arguments.of("tab indentation", "forwards:\n\t- name: blog\n",
                "FILE:2: not valid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)",
                "spaces, not tabs"),
            Arguments.of("unclosed bracket", "forwards: [\n  - name: blog\n",
                "FILE:2: not valid YAML: expected the node content, but found '-'", "indentation"),
            Arguments.of("no space after a colon", "forwards:\n  - name:blog\n    port: 888\n",
                "FILE:3: not valid YAML: mapping values are not allowed here", "space after the colon"),
            Arguments.of("unknown top-level key", "forward:\n  - name: blog\n    port: 888\n",
                "FILE:1: forward: unknown key", "did you mean 'forwards'?"),
            Arguments.of("misspelt key", "forwards:\n  - name: blog\n    prot: 888\n",
                "FILE:3: forwards[0].prot: unknown key", "did you mean 'port'?"),
            Arguments.of("port out of range", "forwards:\n  - name: blog\n    port: 70000\n",
                "FILE:3: forwards[0].port: 70000 is out of range", "1 to 65535"),
            Arguments.of("port not a number", "forwards:\n  - name: blog\n    port: http\n",
                "FILE:3: forwards[0].port: 'http' is not a port number", "1 to 65535"),
            Arguments.of("external port zero", "forwards:\n  - name: blog\n    port: 888\n    external-port: 0\n",
                "FILE:4: forwards[0].external-port: 0 is out of range", "1 to 65535"),
            Arguments.of("duplicate names", "forwards:\n  - name: blog\n    port: 888\n  - name: blog\n    port: 889\n",
                "FILE:4: forwards[1].name: duplicate name 'blog'", "unique"),
            Arguments.of("names equal as router descriptions", "forwards:\n  - name: blog\n    port: 888\n"
                    + "  - name: homeport blog\n    port: 889\n",
                "FILE:4: forwards[1].name: duplicate name 'homeport blog'", "unique"),
            Arguments.of("missing name", "forwards:\n  - port: 888\n", "FILE:2: forwards[0].name: missing", "name: blog"),
            Arguments.of("missing port", "forwards:\n  - name: blog\n", "FILE:2: forwards[0].port: missing", "port: 888"),
            Arguments.of("duplicate key", "forwards:\n  - name: blog\n    port: 888\n    port: 889\n",
                "FILE:4: forwards[0].port: duplicate key", "only one 'port:'"),
            Arguments.of("one external port for two forwards",
                "forwards:\n  - name: blog\n    port: 888\n  - name: web\n    port: 80\n    external-port: 888\n",
                "FILE:4: forwards[1].external-port: external port 888/tcp is used by two forwards", "one place only"),
            Arguments.of("forwards not a list", "forwards:\n  name: blog\n  port: 888\n",
                "FILE:2: forwards: must be a list of forwards (each line starting with '- ')", "'  - name: blog'"),
            Arguments.of("unknown protocol", "forwards:\n  - name: blog\n    port: 888\n    protocol: sctp\n",
                "FILE:4: forwards[0].protocol: 'sctp' must be tcp, udp or both", "web servers use tcp"),
            Arguments.of("target not an address", "forwards:\n  - name: blog\n    port: 888\n    to: pi.local\n",
                "FILE:4: forwards[0].to: 'pi.local' is not an IPv4 address", "192.168.1.20"),
            Arguments.of("unknown via", "router:\n  via: carrier-pigeon\nforwards:\n  - name: blog\n    port: 888\n",
                "FILE:2: router.via: 'carrier-pigeon' must be auto, upnp, pcp, natpmp or web", "auto tries UPnP"),
            Arguments.of("web admin without url", "router:\n  via: web\nforwards:\n  - name: blog\n    port: 888\n",
                "FILE:2: router.url: via: web needs the admin URL", "url: http://192.168.1.1"),
            Arguments.of("credentials in the url", "router:\n  url: http://admin:pw@192.0.2.1/\nforwards:\n  - name: blog\n    port: 888\n",
                "FILE:2: router.url: credentials must not be written into the URL", "password-file"),
            Arguments.of("bad lease", "forwards:\n  - name: blog\n    port: 888\n    lease: forever\n",
                "FILE:4: forwards[0].lease: lease 'forever' must be like 7d, 12h, 30m, 3600 or permanent", "7d"),
            Arguments.of("unknown ddns provider", ddns("provider: route53\n  username: u\n  password-file: DIR/ddns.secret"),
                "FILE:3: ddns.provider: unknown provider 'route53'", "duckdns"),
            Arguments.of("dyndns2 without server", ddns("provider: dyndns2\n  username: u\n  password-file: DIR/ddns.secret"),
                "FILE:3: ddns.server: provider dyndns2 needs a server URL", "server: https://"),
            Arguments.of("password over plain http", ddns("provider: dyndns2\n  server: http://members.example.net\n  username: u\n"
                    + "  password-file: DIR/ddns.secret"),
                "FILE:4: ddns.server: plain http would send the password in the clear", "https"),
            Arguments.of("host name not fully qualified", "ddns:\n  hostnames: [myblog]\n  username: u\n  password-file: DIR/ddns.secret\n",
                "FILE:2: ddns.hostnames: 'myblog' is not a fully qualified host name", "savvypetesblog.is-lost.org"),
            Arguments.of("ddns without username", ddns("password-file: DIR/ddns.secret"), "FILE:2: ddns.username: missing",
                "username: yourname"),
            Arguments.of("missing secret file", ddns("username: u\n  password-file: DIR/missing.secret"),
                "FILE:4: ddns.password-file: secret file DIR/missing.secret does not exist", "chmod 600"),
            Arguments.of("world-readable secret file", ddns("username: u\n  password-file: DIR/open.secret"),
                "FILE:4: ddns.password-file: secret file DIR/open.secret can be read or changed by other users",
                "chmod 600 DIR/open.secret"),
            Arguments.of("empty secret file", ddns("username: u\n  password-file: DIR/empty.secret"),
                "FILE:4: ddns.password-file: secret file DIR/empty.secret is empty", "first line"),
            Arguments.of("password written inline", ddns("username: u\n  password: " + SECRET),
                "FILE:4: ddns.password: secrets are not accepted inline in the config", "password-file"),
            Arguments.of("password variable not set", ddns("username: u\n  password-env: HP_NOT_SET"),
                "FILE: ddns.password-env: environment variable HP_NOT_SET is not set or empty", "cron does not read"),
            Arguments.of("empty value", "forwards:\n  - name:\n    port: 888\n", "FILE:2: forwards[0].name: empty value",
                "remove the key"),
            Arguments.of("nothing to do", "router:\n  via: auto\n", "FILE:1: nothing to do: neither 'forwards' nor 'ddns' is set",
                "forwards:"),
            Arguments.of("empty file", "", "FILE: the file is empty", "forwards:"),
            Arguments.of("a list at the top", "- name: blog\n", "FILE:1: must be a mapping of 'key: value' lines", "left margin"));
    }

    private static String ddns(String rest) {
        return "ddns:\n  hostnames: [a.example.org]\n  " + rest + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConfigs")
    void rejectsABrokenConfigWithFileLineKeyAndAHint(String name, String yaml, String message, String hint) throws IOException {
        Path file = write("homeport.yaml", yaml, "rw-------");
        CliRun.Result r = check(Map.of());
        List<String> err = r.stderr().lines().toList();
        assertEquals(3, r.exitCode(), r.stderr());
        assertEquals("", r.stdout());
        assertEquals(2, err.size(), r.stderr());
        assertEquals("error: " + message.replace("FILE", file.toString()).replace("DIR", dir.toString()), err.get(0));
        assertTrue(err.get(1).startsWith("hint: ") && err.get(1).contains(hint.replace("DIR", dir.toString())), err.get(1));
        assertFalse(r.stderr().contains(SECRET) || r.stderr().contains("\tat "), r.stderr());
    }

    @Test
    void reportsAnInvalidConfigAsJsonForScriptsToo() throws IOException {
        Path file = write("homeport.yaml", "forwards:\n  - name: blog\n    port: 70000\n", "rw-------");
        CliRun.Result r = check(Map.of(), "--json");
        assertEquals(3, r.exitCode());
        String message = file + ":3: forwards[0].port: 70000 is out of range";
        assertEquals("{\"file\":\"" + file + "\",\"valid\":false,\"line\":3,\"key\":\"forwards[0].port\",\"message\":\"" + message
                + "\",\"hint\":\"use a number from 1 to 65535\",\"error\":{\"kind\":\"config\",\"message\":\"" + message
                + "\",\"hint\":\"use a number from 1 to 65535\"},\"exitCode\":3}\n", r.stdout());
        assertTrue(r.stderr().startsWith("error: " + file + ":3: forwards[0].port: 70000 is out of range"), r.stderr());
    }

    @Test
    void warnsAboutALeaseTheFiveMinuteScheduleCannotKeepAlive() throws IOException {
        write("homeport.yaml", "forwards:\n  - name: blog\n    port: 888\n  - name: game\n    port: 7777\n    lease: 5m\n", "rw-------");
        CliRun.Result r = check(Map.of());
        assertEquals(0, r.exitCode(), "valid, only unwise");
        assertEquals("warning: forwards[1].lease: 5m is less than two runs of the 5-minute schedule: 'game' may lapse between runs"
                + " (use 1h or more)\n", r.stderr());
        CliRun.Result quiet = check(Map.of(), "-q");
        assertEquals(0, quiet.exitCode());
        assertEquals("", quiet.stderr() + quiet.stdout(), "-q hides diagnostics");
    }

    @Test
    void rejectsAConfigFileOthersCanChange() throws IOException {
        Path file = write("homeport.yaml", "forwards:\n  - name: blog\n    port: 888\n", "rw-rw-rw-");
        CliRun.Result r = check(Map.of());
        assertEquals(3, r.exitCode());
        assertEquals(List.of("error: " + file + ": the config file can be read or changed by other users",
                "hint: run 'chmod 600 " + file + "'"), r.stderr().lines().toList());
    }

    @Test
    void rejectsAMissingConfigFileGivenWithConfig() {
        CliRun.Result r = check(Map.of());
        assertEquals(3, r.exitCode());
        assertEquals("error: " + dir.resolve("homeport.yaml") + ": no such config file", r.stderr().lines().findFirst().orElse(""));
    }
}
