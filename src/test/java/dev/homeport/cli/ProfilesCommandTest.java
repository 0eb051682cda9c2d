package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProfilesCommandTest {
    private static final String VALID = """
            schema: 1
            id: test.router
            title: Test router
            ddns:
              steps:
                - id: page
                  get: ddns.htm
                - id: apply
                  submit:
                    form: 'form#ddns'
                    set: {host: '{{ddns_host}}'}
            """;

    @TempDir
    Path tmp;

    private TestServices t;

    @BeforeEach
    void start() {
        t = new TestServices(tmp, java.util.Map.of(WebAdminConnector.THROTTLE_ENV, "0"));
    }

    @AfterEach
    void stop() {
        t.services.close();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void aValidProfileChecksOk() throws IOException {
        Path f = write("ok.yaml", VALID);

        assertEquals(0, t.run("profiles", "check", f.toString()), t.err());
        assertEquals(f + ": ok: profile test.router, operations ddns, 2 steps\n", t.out());
    }

    @Test
    void theShippedProfilesCheckOk() throws IOException {
        for (String name : new String[] {"netgear/sercomm-services-inbound.yaml", "netgear/acos-port-forwarding.yaml"}) {
            Path f = write(name.replace('/', '-'), new String(getClass().getResourceAsStream("/profiles/" + name).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(0, t.run("profiles", "check", f.toString()), t.err());
        }
        assertTrue(t.out().contains("ok: profile netgear.sercomm.services-inbound (extends netgear-sercomm), operations ddns, forward,"
                + " unforward"), t.out());
        assertTrue(t.out().contains("ok: profile netgear.acos.pforward (extends netgear-acos)"), t.out());
    }

    static Stream<Arguments> brokenProfiles() {
        return Stream.of(
                Arguments.of("not YAML", "schema: 1\nid: test.router\nddns: {steps: [\n", ":4: not valid YAML"),
                Arguments.of("no schema", "id: test.router\nddns: {}\n", ":1: schema: missing"),
                Arguments.of("future schema", VALID.replace("schema: 1", "schema: 2"),
                        ":1: schema: version '2' is not supported (this homeport reads schema 1)"),
                Arguments.of("misspelt key", VALID.replace("title:", "titel:"), ":3: titel: unknown key"),
                Arguments.of("bad selector", VALID.replace("'form#ddns'", "'form[name='"),
                        ":10: ddns.steps.apply.submit.form: 'form[name=' is not a valid CSS selector"),
                Arguments.of("bad regex", VALID.replace("      get: ddns.htm", "      get: ddns.htm\n      expect: {body_reg"
                        + "ex: '(unclosed'}"),
                        ":8: ddns.steps.page.expect.body_regex: '(unclosed' is not a valid regex"),
                Arguments.of("duplicate step id", VALID.replace("id: apply", "id: page"),
                        ":8: ddns.steps[1].id: duplicate step id 'page'"),
                Arguments.of("when on nothing", VALID.replace("    - id: apply", "    - id: apply\n      when: '!service_exists'"),
                        ":9: ddns.steps.apply.when: 'service_exists' is not extracted by an earlier step"),
                Arguments.of("unknown template variable", VALID.replace("{{ddns_host}}", "{{ddns_hots}}"),
                        ":11: ddns.steps.apply.submit.set.host: unknown variable 'ddns_hots'"),
                Arguments.of("unknown family", VALID.replace("title: Test router", "extends: netgear-nonesuch"),
                        ":3: extends: no family file 'netgear-nonesuch'"),
                Arguments.of("get and submit", VALID.replace("      submit:", "      get: x.htm\n      submit:"),
                        ":8: ddns.steps.apply: has both 'get' and 'submit'"),
                Arguments.of("no id", VALID.replace("id: test.router\n", ""), ":1: id: missing"),
                Arguments.of("throttle out of range", VALID + "transport: {throttle_ms: -5}\n",
                        ":12: transport.throttle_ms: -5 must be 0..10000"),
                Arguments.of("forward without list", VALID.replace("ddns:", "forward:").replace("ddns_host", "name"),
                        ":1: list: a profile with 'forward' needs 'list'"),
                Arguments.of("duplicate key", VALID + "title: Again\n", ":12: title: duplicate key"),
                Arguments.of("unknown filter", VALID.replace("{{ddns_host}}", "{{ddns_host|upper}}"),
                        ":11: ddns.steps.apply.submit.set.host: unknown filter 'upper'"),
                Arguments.of("steps as a mapping", "schema: 1\nid: test.router\nddns:\n  steps: {page: {get: x}}\n",
                        ":4: ddns.steps: must be a list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenProfiles")
    void aBrokenProfileIsRefusedWithItsLineNumber(String what, String text, String expected) throws IOException {
        Path f = write("broken.yaml", text);

        int code = t.run("profiles", "check", f.toString());

        assertEquals(3, code, what + ": " + t.err());
        String first = t.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: " + f + ":"), first);
        assertTrue(first.contains(f + expected), what + ": expected '" + expected + "' in: " + first);
        assertFalse(t.err().contains("\tat "), "no stack trace");
        assertEquals("", t.out());
    }

    @Test
    void aMisspeltKeyGetsASuggestion() throws IOException {
        Path f = write("typo.yaml", VALID.replace("title:", "titel:"));

        t.run("profiles", "check", f.toString());

        assertTrue(t.err().contains("hint: did you mean 'title'?"), t.err());
    }

    @Test
    void aMissingFileIsAClearError() {
        assertEquals(3, t.run("profiles", "check", tmp.resolve("nope.yaml").toString()));
        assertTrue(t.err().contains("nope.yaml: no such file"), t.err());
    }

    @Test
    void aFileThatIsNotUtf8SaysSoInsteadOfBlamingPermissions() throws IOException {
        // Saved as Latin-1 by an old editor: "é" is the single byte 0xE9.
        byte[] latin1 = (VALID + "\n# caf\u00e9\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path f = Files.write(tmp.resolve("latin1.yaml"), latin1);

        assertEquals(3, t.run("profiles", "check", f.toString()));

        assertEquals("error: " + f + ": is not UTF-8 text", t.err().lines().findFirst().orElse(""), t.err());
        assertTrue(t.err().contains("hint: save it as UTF-8"), t.err());
    }

    @Test
    void listShowsShippedAndUserProfilesAndWarnsAboutBrokenOnes() throws IOException {
        Files.writeString(t.userProfiles().resolve("mine.yaml"), VALID.replace("test.router", "my.router"));
        Files.writeString(t.userProfiles().resolve("broken.yaml"), "schema: 3\n");

        assertEquals(0, t.run("profiles", "list"), t.err());

        assertTrue(t.out().contains("netgear.sercomm.services-inbound"), t.out());
        assertTrue(t.out().contains("netgear.acos.pforward"), t.out());
        assertTrue(t.out().contains("my.router"), t.out());
        assertTrue(t.err().contains("warning: " + t.userProfiles().resolve("broken.yaml") + ":1: schema: version '3'"), t.err());
    }

    @Test
    void namingABrokenUserProfileShowsItsProblemNotNoSuchProfile() throws IOException {
        // The file is named for the router, not for the id: the id is only inside it.
        Path f = t.userProfiles().resolve("office-router.yaml");
        Files.writeString(f, VALID.replace("test.router", "my.router").replace("title: Test router", "title: [oops"));

        assertEquals(3, t.run("profiles", "show", "my.router"));

        String first = t.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: " + f + ":"), t.err());
        assertFalse(t.err().contains("no profile 'my.router'"), t.err());
    }

    @Test
    void aUserProfileCanExtendAShippedFamily() throws IOException {
        Path f = write("family.yaml", VALID.replace("title: Test router", "extends: netgear-acos"));

        assertEquals(0, t.run("profiles", "check", f.toString()), t.err());
        assertTrue(t.out().contains("(extends netgear-acos)"), t.out());
    }

    @Test
    void aFamilyErrorIsReportedInTheFamilyFileBesideTheProfile() throws IOException {
        Files.createDirectories(tmp.resolve("_families"));
        Files.writeString(tmp.resolve("_families/mine.yaml"), "schema: 1\nfamily: mine\ntransport: {timeout_s: 0}\n");
        Path f = write("uses-family.yaml", VALID.replace("title: Test router", "extends: mine"));

        assertEquals(3, t.run("profiles", "check", f.toString()));
        assertTrue(t.err().contains(tmp.resolve("_families/mine.yaml") + ":3: transport.timeout_s: 0 must be 1..120"), t.err());
    }

    @Test
    void showPrintsTheProfileSource() {
        assertEquals(0, t.run("profiles", "show", "netgear.acos.pforward"), t.err());

        assertTrue(t.out().startsWith("# netgear.acos.pforward: Netgear R6xxx/R7000-class (ACOS): Port Forwarding\n"), t.out());
        assertTrue(t.out().contains("extends: netgear-acos"), t.out());
        assertEquals(2, t.run("profiles", "show", "no.such"));
        assertTrue(t.err().contains("no profile 'no.such'"), t.err());
    }
}
