package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.homeport.upnp.FakeIgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

/**
 * Walks every command of the command model and holds it to the output contract: {@code --json} prints exactly one JSON
 * document on stdout (with {@code exitCode}, and {@code error} when it failed) and exits as the same run without it;
 * {@code -q} never hides the answer of a query and leaves an action silent on success. A command added to the model
 * without a case here fails {@link #everyCommandOfTheModelHasACase}.
 */
class OutputContractTest {
    /** The commands whose stdout is an answer that {@code -q} must not hide. */
    private static final Set<String> QUERIES = Set.of("list", "list --outer", "external-ip", "discover", "ddns status",
            "profiles list", "profiles show");

    @TempDir
    Path tmp;

    private final FakeIgd igd = new FakeIgd();
    private MockWebServer server;
    private String url;
    private Path config;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(igd);
        server.start();
        url = server.url("/rootDesc.xml").toString();
        Path secret = Files.writeString(tmp.resolve("ddns.secret"), "s3cret\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        config = Files.writeString(tmp.resolve("homeport.yaml"), """
                router:
                  url: %s
                forwards:
                  - name: blog
                    port: 888
                ddns:
                  provider: dyndns2
                  server: https://members.example.net
                  hostnames: [blog.example.org]
                  username: pete
                  password-file: %s
                """.formatted(url, secret));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** One command line per command (after {@code homeport}); both successes and failures are held to the contract. */
    private Map<String, List<String>> cases() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        String cfg = "--config=" + config;
        c.put("forward", List.of("forward", "--port", "888", "--router", url));
        c.put("unforward", List.of("unforward", "--port", "888", "--router", url));
        c.put("list", List.of("list", "--router", url));
        // The fake router is not this host's gateway: no TTL probe is sent, so no double NAT is found, and the
        // answer says so after the table.
        c.put("list --outer", List.of("list", "--router", url, "--outer"));
        c.put("external-ip", List.of("external-ip", "--router", url));
        c.put("discover", List.of("discover", "--router", url));
        c.put("ddns update", List.of("ddns", "update", cfg, "--dry-run", "--ip", "203.0.113.5"));
        c.put("ddns status", List.of("ddns", "status", cfg));
        c.put("config check", List.of("config", "check", cfg));
        c.put("reassert", List.of("reassert", cfg, "--dry-run"));
        c.put("profiles list", List.of("profiles", "list"));
        c.put("profiles show", List.of("profiles", "show", "netgear.acos.pforward"));
        c.put("profiles check", List.of("profiles", "check", tmp.resolve("missing.yaml").toString()));
        c.put("router-ddns", List.of("router-ddns", "--hostname", "not a host", "--ddns-user", "u", "--ddns-password-file", "x"));
        c.put("doctor", List.of("doctor"));
        c.put("watch", List.of("watch", cfg, "--interval", "5"));
        c.put("help", List.of("help", "forward"));
        return c;
    }

    @Test
    void everyCommandOfTheModelHasACase() {
        Set<String> missing = new TreeSet<>(leaves());
        missing.removeAll(cases().keySet());
        assertEquals(Set.of(), missing, "commands without a case in OutputContractTest.cases()");
    }

    @Test
    void jsonIsOneDocumentOnStdoutWithTheSameExitCodeOnEveryCommand() {
        List<String> broken = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : cases().entrySet()) {
            CliRun.Result text = run(e.getValue());
            List<String> withJson = new ArrayList<>(e.getValue());
            withJson.add("--json");
            CliRun.Result json = run(withJson);
            String problem = jsonProblem(json, text.exitCode());
            if (problem != null) broken.add(e.getKey() + ": " + problem + "\n  stdout: " + json.stdout() + "  stderr: " + json.stderr());
        }
        if (!broken.isEmpty()) fail(String.join("\n", broken));
    }

    @Test
    void quietKeepsTheAnswerOfAQueryAndSilencesAnActionThatSucceeds() {
        List<String> broken = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : cases().entrySet()) {
            CliRun.Result loud = run(e.getValue());
            List<String> q = new ArrayList<>(e.getValue());
            q.add("-q");
            CliRun.Result quiet = run(q);
            if (quiet.exitCode() != loud.exitCode()) broken.add(e.getKey() + ": -q changed the exit code");
            if (QUERIES.contains(e.getKey())) {
                if (loud.exitCode() != 0) broken.add(e.getKey() + ": the query case should succeed: " + loud.stderr());
                if (quiet.stdout().isBlank() || !quiet.stdout().equals(loud.stdout())) {
                    broken.add(e.getKey() + ": -q changed the answer: '" + quiet.stdout() + "' vs '" + loud.stdout() + "'");
                }
            } else if (quiet.exitCode() == 0 && !e.getKey().equals("help") && !quiet.stdout().isEmpty()) {
                broken.add(e.getKey() + ": an action printed under -q: " + quiet.stdout());
            }
            if (quiet.exitCode() != 0 && !quiet.stderr().startsWith("error: ")) {
                broken.add(e.getKey() + ": -q hid the error: " + quiet.stderr());
            }
        }
        if (!broken.isEmpty()) fail(String.join("\n", broken));
    }

    @Test
    void verboseAddsDetailOnEveryCommandWithoutChangingTheAnswer() {
        List<String> broken = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : cases().entrySet()) {
            CliRun.Result plain = run(e.getValue());
            List<String> v = new ArrayList<>(e.getValue());
            v.add("-v");
            CliRun.Result verbose = run(v);
            if (verbose.exitCode() != plain.exitCode()) broken.add(e.getKey() + ": -v changed the exit code");
            if (!verbose.stderr().contains("exit " + plain.exitCode() + " (")) broken.add(e.getKey() + ": no detail under -v");
            if (QUERIES.contains(e.getKey()) && !verbose.stdout().equals(plain.stdout())) {
                broken.add(e.getKey() + ": -v changed the answer");
            }
        }
        if (!broken.isEmpty()) fail(String.join("\n", broken));
    }

    @Test
    void aParseErrorUnderJsonIsStillOneDocument() {
        CliRun.Result r = run(List.of("forwrd", "--json"));
        assertEquals(2, r.exitCode());
        assertEquals(null, jsonProblem(r, 2));
        assertTrue(r.stdout().contains("\"hint\":\"did you mean 'forward'"), r.stdout());
    }

    private CliRun.Result run(List<String> args) {
        return CliRun.run(tmp, Map.of("HOMEPORT_STATE_DIR", tmp.resolve("state").toString()), args.toArray(String[]::new));
    }

    /** What breaks the --json contract in this run, or null. */
    private static String jsonProblem(CliRun.Result r, int textExitCode) {
        if (r.exitCode() != textExitCode) return "exit " + r.exitCode() + " with --json, " + textExitCode + " without";
        List<String> lines = r.stdout().lines().toList();
        if (lines.size() != 1) return lines.size() + " lines on stdout";
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().build()).loadFromString(lines.get(0));
        } catch (RuntimeException e) {
            return "not JSON: " + e.getMessage();
        }
        if (!lines.get(0).startsWith("{") || !(doc instanceof Map<?, ?> m)) return "not a JSON object";
        if (!Integer.valueOf(r.exitCode()).equals(m.get("exitCode"))) return "exitCode " + m.get("exitCode") + " in the document";
        if (r.exitCode() != 0) {
            if (!(m.get("error") instanceof Map<?, ?> error)) return "no error object";
            if (!error.keySet().containsAll(List.of("kind", "message", "hint"))) return "error lacks kind, message or hint";
            if (String.valueOf(error.get("message")).isBlank()) return "empty error message";
        } else if (m.containsKey("error")) {
            return "error object on success";
        }
        return null;
    }

    /** Every runnable command of the full model, by its name under homeport ("ddns status"). */
    private List<String> leaves() {
        TestServices t = new TestServices(tmp.resolve("model"));
        CommandLine root = new CommandLine(new HomeportCommand(), new CommandFactory(t.services, new Main.GlobalHolder()));
        List<String> out = new ArrayList<>();
        collect(root, out);
        assertFalse(out.isEmpty());
        return out;
    }

    private static void collect(CommandLine c, List<String> out) {
        if (c.getSubcommands().isEmpty()) {
            out.add(c.getCommandSpec().qualifiedName().replaceFirst("^homeport ", ""));
            return;
        }
        assertInstanceOf(Object.class, c.getCommand());
        c.getSubcommands().values().forEach(s -> collect(s, out));
    }
}
