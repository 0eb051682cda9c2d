package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.logging.LogLevels;
import dev.homeport.webadmin.emulator.AcosEmulator;
import dev.homeport.webadmin.emulator.SerCommEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * forward / unforward / list / router-ddns through the web admin, driven in-process against the emulators. The
 * emulated LANs are 127.0.0.0/8 so "this host" (127.0.0.1 towards a loopback router) is a LAN address.
 */
class WebAdminCommandsTest {
    private static final String ROUTER_PW = "Pw-7f3a9x";
    private static final String DDNS_PW = "Dd-91acq";

    @TempDir
    Path tmp;

    private TestServices t;
    private SerCommEmulator sercomm;
    private AcosEmulator acos;
    private Path pw;

    @BeforeEach
    void start() throws IOException {
        t = new TestServices(tmp, java.util.Map.of(WebAdminConnector.THROTTLE_ENV, "0"));
        sercomm = new SerCommEmulator("DGN2200v4", "admin", ROUTER_PW, "127.0.0.254", 8);
        sercomm.start();
        acos = new AcosEmulator("R7000", "admin", ROUTER_PW, "127.0.0.254", 8);
        acos.start();
        pw = t.secretFile("router.pw", ROUTER_PW);
    }

    @AfterEach
    void stop() {
        t.services.close();
        sercomm.close();
        acos.close();
    }

    private int forward(String url, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("forward", "--port", "888", "--via", "web", "--router", url,
                "--profile", "auto", "--password-file", pw.toString(), "--name", "pi"));
        args.addAll(List.of(extra));
        return t.run(args.toArray(String[]::new));
    }

    @Test
    void forwardViaWebTwiceOnSerCommLeavesExactlyTheSeedsServiceAndRuleAndLogsOutEachTime() {
        assertEquals(0, forward(sercomm.url()), t.err());
        assertTrue(t.out().startsWith("888/tcp -> 127.0.0.1:888 "), "no WAN address is known on this path: " + t.out());
        assertTrue(t.out().contains("via the web admin of NETGEAR DGN2200v4"), t.out());
        t.reset();

        assertEquals(0, forward(sercomm.url()), t.err());
        assertTrue(t.out().contains("already in place"), t.out());

        assertEquals(List.of(new SerCommEmulator.Service("homeport pi", "tcp", 888, 888)), sercomm.services());
        assertEquals(List.of(new SerCommEmulator.InboundRule(true, "homeport pi", "2", "127.0.0.1", "Any", "0")), sercomm.rules());
        assertEquals(2, sercomm.logins());
        assertEquals(2, sercomm.logouts());
        assertFalse(sercomm.sessionOpen());
    }

    @Test
    void forwardViaWebTwiceOnAcosLeavesOnePortForwardingEntry() {
        assertEquals(0, forward(acos.url()), t.err());
        assertEquals(0, forward(acos.url()), t.err());

        assertEquals(List.of(new AcosEmulator.Rule("homeport pi", "TCP", "888", "888", "127.0.0.1")), acos.rules());
        assertEquals(2, acos.logouts());
        assertFalse(acos.sessionOpen());
    }

    @Test
    void unforwardAndListGoThroughTheSameProfile() {
        acos.addByHand("Plex", "TCP", "32400", "32400", "127.0.0.20");
        forward(acos.url());
        t.reset();

        assertEquals(0, t.run("list", "--via", "web", "--router", acos.url(), "--password-file", pw.toString()), t.err());
        assertTrue(t.out().contains("'Plex'"), t.out());
        assertTrue(t.out().contains("'homeport pi'  [homeport, this host]"), t.out());

        assertEquals(0, t.run("unforward", "--port", "888", "--via", "web", "--router", acos.url(), "--password-file", pw.toString()),
                t.err());
        assertEquals(List.of(new AcosEmulator.Rule("Plex", "TCP", "32400", "32400", "127.0.0.20")), acos.rules());
        assertEquals(7, t.run("unforward", "--port", "32400", "--via", "web", "--router", acos.url(),
                "--password-file", pw.toString()));
        assertEquals(1, acos.rules().size());
    }

    @Test
    void aWrongPasswordIsExitCode8WithOneLineAndNoSecret() {
        Path wrong = t.secretFile("wrong.pw", "not-it-123");

        int code = t.run("forward", "--port", "888", "--via", "web", "--router", sercomm.url(), "--password-file", wrong.toString());

        assertEquals(8, code);
        assertTrue(t.err().startsWith("error: the router refused user 'admin' with this password (HTTP 401)"), t.err());
        assertEquals(2, t.err().lines().count(), t.err());
        assertFalse(t.err().contains("not-it-123"));
        assertEquals(List.of(), sercomm.services());
    }

    @Test
    void aPasswordWithLatin1AccentsLogsInWithTheUtf8BytesTheRouterStored() throws IOException {
        String accented = "P\u00e4ssw\u00f6rt-\u00e9t\u00e9-7";
        SerCommEmulator router = new SerCommEmulator("DGN2200v4", "admin", accented, "127.0.0.254", 8);
        router.start();
        try {
            int code = t.run("forward", "--port", "888", "--via", "web", "--router", router.url(), "--password-file",
                    t.secretFile("latin1.pw", accented).toString(), "--name", "pi");

            assertEquals(0, code, t.err());
            assertArrayEquals(("admin:" + accented).getBytes(StandardCharsets.UTF_8), router.lastLoginBytes());
            assertEquals(1, router.rules().size());
            assertFalse(t.out().contains(accented) || t.err().contains(accented));
        } finally {
            router.close();
        }
    }

    @Test
    void aPasswordBeyondLatin1IsSentAsItsUtf8BytesNotAsQuestionMarks() throws IOException {
        String cyrillic = "\u043f\u0430\u0440\u043e\u043b\u044c-\u20ac-7";
        AcosEmulator router = new AcosEmulator("R7000", "admin", cyrillic, "127.0.0.254", 8);
        router.start();
        try {
            int code = t.run("forward", "--port", "888", "--via", "web", "--router", router.url(), "--password-file",
                    t.secretFile("cyrillic.pw", cyrillic).toString(), "--name", "pi");

            assertEquals(0, code, t.err());
            assertArrayEquals(("admin:" + cyrillic).getBytes(StandardCharsets.UTF_8), router.lastLoginBytes());
            assertEquals(1, router.rules().size());
        } finally {
            router.close();
        }
    }

    @Test
    void aPasswordWithAControlCharacterIsRefusedWithTheConfigCodeBeforeAnyRequest() {
        Path tab = t.secretFile("tab.pw", "Pw-7f\t3a9x");

        int code = t.run("forward", "--port", "888", "--via", "web", "--router", sercomm.url(), "--password-file", tab.toString());

        assertEquals(3, code, t.err());
        assertTrue(t.err().startsWith("error: the router's admin password contains a control character"), t.err());
        assertEquals(2, t.err().lines().count(), t.err());
        assertFalse(t.err().contains("Pw-7f") || t.err().contains("3a9x"), t.err());
        assertEquals(0, sercomm.requests().size());
    }

    @Test
    void aPasswordFileThatIsNotUtf8IsRefusedWithTheConfigCodeBeforeAnyRequest() throws IOException {
        Path latin1 = t.secretFile("latin1-bytes.pw", "");
        java.nio.file.Files.write(latin1, "caf\u00e9-Pw-7\n".getBytes(StandardCharsets.ISO_8859_1));

        int code = t.run("forward", "--port", "888", "--via", "web", "--router", sercomm.url(), "--password-file", latin1.toString());

        assertEquals(3, code, t.err());
        assertEquals("error: --password-file " + latin1 + " is not UTF-8 text, so homeport cannot tell which password it holds",
                t.err().lines().findFirst().orElse(""));
        assertEquals(0, sercomm.requests().size());
    }

    @Test
    void anotherAdminIsExitCode8AndTakeOverProceeds() {
        sercomm.otherAdminLoggedIn("192.168.0.23");

        assertEquals(8, forward(sercomm.url()));
        assertTrue(t.err().contains("another administrator is logged in"), t.err());
        assertTrue(t.err().contains("hint: ") && t.err().contains("--take-over"), t.err());
        assertEquals(List.of(), sercomm.rules());

        assertEquals(0, forward(sercomm.url(), "--take-over"), t.err());
        assertEquals(1, sercomm.rules().size());
        assertFalse(sercomm.sessionOpen());
    }

    @Test
    void anAdminPageUrlCopiedFromTheBrowserKeepsItsPort() {
        // The emulator listens on a high port, like an admin UI moved to :8080; the path is the page the browser showed.
        int code = t.run("list", "--via", "web", "--router", acos.url() + "/start.htm", "--password-file", pw.toString());

        assertEquals(0, code, t.err());
        assertTrue(t.err().isEmpty() || !t.err().contains("does not answer"), t.err());
        assertTrue(acos.logins() > 0);
    }

    @Test
    void aDescriptionUrlGivesItsHostForTheWebAdminIpv6Included() {
        assertEquals("http://192.168.1.1", WebAdminConnector.adminBase("http://192.168.1.1:5000/rootDesc.xml"));
        assertEquals("http://[fe80::1]", WebAdminConnector.adminBase("http://[fe80::1]:5000/rootDesc.xml"));
        assertEquals("http://192.168.1.1:8080", WebAdminConnector.adminBase("http://192.168.1.1:8080/start.htm"));
        assertEquals("http://192.168.1.1", WebAdminConnector.adminBase("http://192.168.1.1/start.htm"));
    }

    @Test
    void aPasswordFileOthersCanReadIsRefusedBeforeAnyRequest() throws IOException {
        Path open = t.secretFile("open.pw", ROUTER_PW);
        java.nio.file.Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        int code = t.run("forward", "--port", "888", "--via", "web", "--router", sercomm.url(), "--password-file", open.toString());

        assertEquals(2, code);
        assertEquals("error: --password-file " + open + " can be read or changed by other users", t.err().lines().findFirst().orElse(""));
        assertTrue(t.err().contains("chmod 600"), t.err());
        assertEquals(0, sercomm.requests().size());
    }

    @Test
    void anEmptyPasswordFileIsRefusedBeforeAnyRequest() {
        Path empty = t.secretFile("empty.pw", "");

        int code = t.run("forward", "--port", "888", "--via", "web", "--router", sercomm.url(), "--password-file", empty.toString());

        assertEquals(2, code, t.err());
        assertEquals("error: --password-file " + empty + " is empty", t.err().lines().findFirst().orElse(""));
        assertEquals(0, sercomm.requests().size(), "no login attempt with an empty password");
    }

    @Test
    void withoutAPasswordTheWebPathSaysHowToGiveOne() {
        int code = t.run("forward", "--port", "888", "--via", "web", "--router", sercomm.url());

        assertEquals(2, code);
        assertTrue(t.err().contains("needs its password") && t.err().contains("--password-file"), t.err());
        assertEquals(0, sercomm.requests().size());
    }

    @Test
    void routerDdnsFillsInTheDynamicDnsPageOnBothFamilies() {
        Path ddnsPw = t.secretFile("ddns.pw", DDNS_PW);
        for (String url : List.of(sercomm.url(), acos.url())) {
            int code = t.run("router-ddns", "--via", "web", "--router", url, "--password-file", pw.toString(),
                    "--hostname", "SavvyPete.is-lost.org", "--ddns-user", "pete", "--ddns-password-file", ddnsPw.toString());
            assertEquals(0, code, t.err());
        }

        assertEquals(new SerCommEmulator.Ddns(true, "dyndns", "savvypete.is-lost.org", "pete", DDNS_PW), sercomm.ddns());
        assertEquals(new AcosEmulator.Ddns(true, "www.DynDNS.org", "savvypete.is-lost.org", "pete", DDNS_PW, false), acos.ddns());
        assertTrue(t.out().contains("set the router's Dynamic DNS to dyndns for savvypete.is-lost.org"), t.out());
        assertFalse(t.out().contains(DDNS_PW) || t.err().contains(DDNS_PW) || t.out().contains(ROUTER_PW));
        assertFalse(sercomm.sessionOpen() || acos.sessionOpen());
    }

    @Test
    void routerDdnsRefusesABadHostNameBeforeTouchingTheRouter() {
        Path ddnsPw = t.secretFile("ddns.pw", DDNS_PW);

        int code = t.run("router-ddns", "--router", sercomm.url(), "--password-file", pw.toString(), "--hostname", "not a host",
                "--ddns-user", "pete", "--ddns-password-file", ddnsPw.toString());

        assertEquals(2, code);
        assertEquals(0, sercomm.requests().size());
    }

    @Test
    void routerDdnsRefusesADdnsPasswordFileOthersCanReadBeforeTouchingTheRouter() throws IOException {
        Path open = t.secretFile("ddns-open.pw", DDNS_PW);
        java.nio.file.Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        int code = t.run("router-ddns", "--via", "web", "--router", sercomm.url(), "--password-file", pw.toString(),
                "--hostname", "savvypete.is-lost.org", "--ddns-user", "pete", "--ddns-password-file", open.toString());

        assertEquals(2, code, t.err());
        assertEquals("error: --ddns-password-file " + open + " can be read or changed by other users",
                t.err().lines().findFirst().orElse(""));
        assertTrue(t.err().contains("chmod 600 " + open), t.err());
        assertEquals(0, sercomm.requests().size());
        assertEquals(new SerCommEmulator.Ddns(false, "dyndns", "", "", ""), sercomm.ddns());
    }

    @Test
    void routerDdnsRefusesADdnsPasswordFileThatIsNotUtf8BeforeTouchingTheRouter() throws IOException {
        Path latin1 = t.secretFile("ddns-latin1.pw", "x");
        java.nio.file.Files.write(latin1, "caf\u00e9-secret\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        int code = t.run("router-ddns", "--via", "web", "--router", sercomm.url(), "--password-file", pw.toString(),
                "--hostname", "savvypete.is-lost.org", "--ddns-user", "pete", "--ddns-password-file", latin1.toString());

        assertEquals(2, code, t.err());
        assertEquals("error: --ddns-password-file " + latin1 + " is not UTF-8 text, so homeport cannot tell which password it"
                + " holds", t.err().lines().findFirst().orElse(""));
        assertEquals(0, sercomm.requests().size());
    }

    @Test
    void noSecretAppearsEvenInProtocolTraces() {
        Path ddnsPw = t.secretFile("ddns.pw", DDNS_PW);
        PrintStream realErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, forward(sercomm.url(), "-vv"), t.err());
            assertEquals(0, t.run("router-ddns", "-vv", "--router", acos.url(), "--password-file", pw.toString(),
                    "--hostname", "pete.is-lost.org", "--ddns-user", "pete", "--ddns-password-file", ddnsPw.toString()), t.err());
        } finally {
            System.setErr(realErr);
            LogLevels.restoreDefaults();
        }
        String all = logs.toString(StandardCharsets.UTF_8) + t.err() + t.out();
        assertTrue(all.contains("POST /setup.cgi"), "the trace is there: " + all.length() + " chars");
        assertFalse(all.contains(ROUTER_PW), "router password leaked");
        assertFalse(all.contains(DDNS_PW), "DNS password leaked");
        String sid = sercomm.requests().stream().filter(q -> q.has("SID")).map(q -> q.param("SID")).findFirst().orElseThrow();
        assertFalse(all.contains(sid), "session token leaked");
    }

    @Test
    void aValueAUserProfileExtractsIsNotPrintedInTraces() throws IOException {
        // A user's profile may extract a session token to build a later URL: -vv must not print it.
        String shipped;
        try (java.io.InputStream in = getClass().getResourceAsStream("/profiles/netgear/sercomm-services-inbound.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String mine = shipped.replace("id: netgear.sercomm.services-inbound", "id: my.sercomm")
                .replace("      get: 'fw_serv.htm&todo=cfg_init'\n      tables:",
                        "      get: 'fw_serv.htm&todo=cfg_init'\n      extract:\n"
                                + "        sid: {regex: 'name=\"SID\" value=\"([^\"]+)'}\n      tables:");
        assertTrue(mine.contains("sid: {regex"), "the test profile extracts the token");
        java.nio.file.Files.writeString(t.userProfiles().resolve("my-sercomm.yaml"), mine);
        PrintStream realErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, t.run("list", "-vv", "--via", "web", "--router", sercomm.url(), "--profile", "my.sercomm",
                    "--password-file", pw.toString()), t.err());
        } finally {
            System.setErr(realErr);
            LogLevels.restoreDefaults();
        }
        String all = logs.toString(StandardCharsets.UTF_8) + t.err() + t.out();
        assertTrue(all.contains("step services: sid = "), "the trace names the variable: " + all.length() + " chars");
        String sid = sercomm.requests().stream().filter(q -> q.has("SID")).map(q -> q.param("SID")).findFirst().orElseThrow();
        assertFalse(all.contains(sid), "session token leaked");
    }

    @Test
    void aTokenAUserProfilePutsInAUrlPathIsMaskedInTracesWhileTheRequestCarriesIt() throws IOException {
        String shipped;
        try (java.io.InputStream in = getClass().getResourceAsStream("/profiles/netgear/sercomm-services-inbound.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // SerComm keeps '&name=value' in the path itself, so a token a profile adds there is not in the query. The
        // extracted token has a quote, so it travels percent-encoded (%22) as well as raw in what the router saw.
        String mine = shipped.replace("id: netgear.sercomm.services-inbound", "id: my.sercomm")
                .replace("      get: 'fw_serv.htm&todo=cfg_init'\n      tables:",
                        "      get: 'fw_serv.htm&todo=cfg_init'\n      extract:\n"
                                + "        token: {regex: 'name=\"SID\" (value=\"[^\"]+)'}\n      tables:")
                .replaceFirst("get: 'FW_forward.htm&todo=cfg_init'", "get: 'FW_forward.htm&todo=cfg_init&token={{token}}'");
        assertTrue(mine.contains("&token={{token}}") && mine.contains("token: {regex"), "the test profile puts the token in a path");
        java.nio.file.Files.writeString(t.userProfiles().resolve("my-sercomm.yaml"), mine);
        PrintStream realErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, t.run("list", "-vv", "--via", "web", "--router", sercomm.url(), "--profile", "my.sercomm",
                    "--password-file", pw.toString()), t.err());
        } finally {
            System.setErr(realErr);
            LogLevels.restoreDefaults();
        }
        String sid = sercomm.requests().stream().filter(q -> q.path().startsWith("/FW_forward.htm&todo=cfg_init&token="))
                .map(q -> q.path().substring(q.path().indexOf("&token=") + 7)).findFirst().orElseThrow();
        assertTrue(sid.startsWith("value=\"") && sid.length() > 10, "the router received the token in the path: " + sid);
        String all = logs.toString(StandardCharsets.UTF_8) + t.err() + t.out();
        assertTrue(all.contains("GET /FW_forward.htm&todo=cfg_init&token=****"), "the trace shows the request, masked: " + all);
        String hex = sid.substring("value=\"".length());
        for (String form : List.of(sid, hex, java.net.URLEncoder.encode(sid, StandardCharsets.UTF_8),
                okhttp3.HttpUrl.get("http://h/").newBuilder().addPathSegment(sid).build().encodedPath().substring(1))) {
            assertFalse(all.contains(form), "token leaked as " + form);
        }
    }

    /** The shipped ACOS profile as a user file with {@code id}, whose login probes {@code /currentsetting.htm?from=MARK}. */
    private String acosCopy(String id, String mark) throws IOException {
        String shipped;
        try (java.io.InputStream in = getClass().getResourceAsStream("/profiles/netgear/acos-port-forwarding.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String mine = shipped.replace("id: netgear.acos.pforward", "id: " + id).replace("  require:\n",
                "  require:\n    - {probe: get, path: 'currentsetting.htm?from=" + mark + "', auth: true, regex: 'Model='}\n");
        assertTrue(mine.contains("from=" + mark), "the copy marks its requests");
        return mine;
    }

    private int forwardWith(String profile) {
        return t.run("forward", "--port", "888", "--via", "web", "--router", acos.url(), "--profile", profile,
                "--password-file", pw.toString(), "--name", "pi");
    }

    private boolean used(String mark) {
        return acos.requests().stream().anyMatch(q -> q.query().equals("from=" + mark));
    }

    @Test
    void profilesListSaysAUserFileShadowsTheShippedProfileAndForwardUsesThatFile() throws IOException {
        Path mine = java.nio.file.Files.writeString(t.userProfiles().resolve("my-acos.yaml"), acosCopy("netgear.acos.pforward", "mine"));
        String shipped = "builtin:profiles/netgear/acos-port-forwarding.yaml";

        assertEquals(0, t.run("profiles", "list"), t.err());
        assertTrue(t.out().contains("NOT USED: " + shipped + " is shadowed by " + mine + "\n"), t.out());
        assertTrue(t.out().contains("used: " + mine + " (shadows " + shipped + ")\n"), t.out());
        assertFalse(t.out().contains("NOT USED: " + mine), t.out());
        t.reset();
        assertEquals(0, t.run("profiles", "list", "--json"), t.err());
        com.google.gson.JsonArray rows = com.google.gson.JsonParser.parseString(t.out()).getAsJsonObject().getAsJsonArray("profiles");
        for (com.google.gson.JsonElement r : rows) {
            com.google.gson.JsonObject row = r.getAsJsonObject();
            String source = row.get("source").getAsString();
            if (source.equals(shipped)) {
                assertEquals(mine.toString(), row.get("shadowedBy").getAsString(), row.toString());
                assertFalse(row.get("used").getAsBoolean(), row.toString());
            } else if (source.equals(mine.toString())) {
                assertTrue(row.get("used").getAsBoolean(), row.toString());
                assertFalse(row.has("shadowedBy"), row.toString());
            } else {
                assertFalse(row.has("shadowedBy"), row.toString());
            }
        }

        assertEquals(0, forwardWith("netgear.acos.pforward"), t.err());
        assertTrue(used("mine"), "forward --via web used the file profiles list called used");
        assertEquals(1, acos.rules().size());
    }

    @Test
    void ofTwoUserFilesWithOneIdProfilesListNamesTheOneForwardUses() throws IOException {
        Path a = java.nio.file.Files.writeString(t.userProfiles().resolve("a-router.yaml"), acosCopy("my.acos", "a"));
        Path b = java.nio.file.Files.writeString(t.userProfiles().resolve("b-router.yaml"), acosCopy("my.acos", "b"));

        assertEquals(0, t.run("profiles", "list"), t.err());
        assertTrue(t.out().contains("NOT USED: " + a + " is shadowed by " + b + "\n"), t.out());
        assertTrue(t.out().contains("used: " + b + " (shadows " + a + ")\n"), t.out());

        assertEquals(0, forwardWith("my.acos"), t.err());
        assertTrue(used("b") && !used("a"), "forward used " + (used("a") ? "a" : "neither"));
    }

    @Test
    void aUserProfileRegexThatBreaksOnTheNameSaysWhichStepAndHowToQuote() throws IOException {
        String shipped;
        try (java.io.InputStream in = getClass().getResourceAsStream("/profiles/netgear/acos-port-forwarding.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // The mistake: {{name}} in a regex without |regex; fine for "pi", broken for a name with a parenthesis.
        String mine = shipped.replace("id: netgear.acos.pforward", "id: my.acos")
                .replace("'<span class=ttext>{{name|html|regex}}</span>'", "'<span class=ttext>{{name|html}}</span>'");
        assertTrue(mine.contains("ttext>{{name|html}}<"), "the test profile has the mistake");
        java.nio.file.Files.writeString(t.userProfiles().resolve("my-acos.yaml"), mine);

        int code = t.run("forward", "--port", "888", "--via", "web", "--router", acos.url(), "--profile", "my.acos",
                "--password-file", pw.toString(), "--name", "pi (test");

        assertEquals(8, code, "out: " + t.out() + " err: " + t.err());
        assertTrue(t.err().startsWith("error: step 'verify' of profile my.acos failed: the regex"), t.err());
        assertTrue(t.err().contains("|regex"), t.err());
        assertFalse(acos.sessionOpen());
    }

    @Test
    void aUserProfileSelectorThatBreaksOnTheNameSaysWhichStep() throws IOException {
        String shipped;
        try (java.io.InputStream in = getClass().getResourceAsStream("/profiles/netgear/acos-port-forwarding.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String mine = shipped.replace("id: netgear.acos.pforward", "id: my.acos")
                .replace("expect: {body_regex: '<span class=ttext>{{name|html|regex}}</span>'}",
                        "expect: {form: 'span.ttext:containsOwn({{name}})'}");
        assertTrue(mine.contains("containsOwn({{name}})"), "the test profile has the templated selector");
        java.nio.file.Files.writeString(t.userProfiles().resolve("my-acos.yaml"), mine);

        int code = t.run("forward", "--port", "888", "--via", "web", "--router", acos.url(), "--profile", "my.acos",
                "--password-file", pw.toString(), "--name", "pi (test");

        assertEquals(8, code, "out: " + t.out() + " err: " + t.err());
        assertTrue(t.err().startsWith("error: step 'verify' of profile my.acos failed: the selector"), t.err());
        assertFalse(acos.sessionOpen());
    }

    @Test
    void autoFallsBackToTheWebAdminWhenNoUpnpGatewayAnswersAndSaysSo() throws IOException {
        SerCommEmulator onPort80 = new SerCommEmulator("DGN2200v4", "admin", ROUTER_PW, "127.0.0.254", 8);
        try {
            onPort80.start(InetAddress.getByName("127.0.0.2"), 80);
        } catch (IOException e) {
            Assumptions.abort("cannot bind 127.0.0.2:80 for the emulator (" + e.getMessage() + ")");
        }
        try {
            // The description URL answers 401 (it is the admin UI, not an IGD): UPnP finds no gateway there.
            int code = t.run("forward", "--port", "888", "--router", "http://127.0.0.2:80/rootDesc.xml", "--password-file",
                    pw.toString(), "--name", "pi", "--to", "127.0.0.1");

            assertEquals(0, code, t.err());
            assertTrue(t.err().contains("UPnP did not answer") && t.err().contains("falling back to the web admin of NETGEAR DGN2200v4"),
                    t.err());
            assertEquals(1, onPort80.rules().size());
            assertEquals(1, onPort80.services().size());
        } finally {
            onPort80.close();
        }
    }

    @Test
    void autoFallbackIsSilentUnderQuiet() throws IOException {
        SerCommEmulator onPort80 = new SerCommEmulator("DGN2200v4", "admin", ROUTER_PW, "127.0.0.254", 8);
        try {
            onPort80.start(InetAddress.getByName("127.0.0.3"), 80);
        } catch (IOException e) {
            Assumptions.abort("cannot bind 127.0.0.3:80 for the emulator (" + e.getMessage() + ")");
        }
        try {
            int code = t.run("forward", "-q", "--port", "888", "--router", "http://127.0.0.3/rootDesc.xml", "--password-file",
                    pw.toString(), "--to", "127.0.0.1");

            assertEquals(0, code, t.err());
            assertEquals("", t.err());
            assertEquals("", t.out());
            assertEquals(1, onPort80.rules().size());
        } finally {
            onPort80.close();
        }
    }
}
