package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 in the lab: {@code provider: rfc2136} against a real BIND 9 on the lab's internet side (primary for
 * homeport.test at 11.7.53.53, started by {@code scripts/lab up}), with a TSIG key made by {@code tsig-keygen}. What
 * BIND received is read from its own log; what it serves, with {@code dig} from the Pi's namespace.
 */
class Rfc2136LabIT {
    private static final String SERVER = "11.7.53.53";
    private static final String PI6 = Ipv6IT.PI6;
    private static Lab lab;
    private static Path bind;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        lab = Lab.up();
        bind = Path.of("/run/homeport-lab", lab.name(), "bind");
        Assumptions.assumeTrue(Files.isRegularFile(bind.resolve("lab.key")),
                "BIND is not running in the lab (named or tsig-keygen missing: as root, scripts/lab packages installs bind9)");
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    @BeforeEach
    void fresh() {
        Cli.clear(lab.stateDir("lan"));
        lab.setWan("11.7.0.2");
    }

    private Path config(String host, String keyText) throws IOException {
        return config(host, keyText, "4");
    }

    /** @param ipVersion the ddns section's ip-version: the lab's Pi has a stable IPv6 address, so both means A and AAAA */
    private Path config(String host, String keyText, String ipVersion) throws IOException {
        Path key = dir.resolve("ddns.key");
        Files.writeString(key, keyText);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("homeport.yaml");
        Files.writeString(config, """
                router:
                  via: upnp
                  url: %s
                ddns:
                  provider: rfc2136
                  server: %s
                  zone: homeport.test
                  hostnames: [%s]
                  tsig-key-file: %s
                  ip-version: %s
                """.formatted(lab.descriptionUrl(), SERVER, host, key, ipVersion));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        return config;
    }

    /** The addresses BIND serves for {@code host}, asked directly with dig from the Pi. */
    private static String served(String host) {
        return served(host, "A");
    }

    private static String served(String host, String type) {
        return lab.exec("lan", "dig", "+short", "+time=2", "+tries=1", "@" + SERVER, host, type).stdout().strip();
    }

    /** The updates BIND applied to {@code host}'s A RRset, from its log: one "adding an RR" line per update. */
    private static long updates(String host) {
        return updates(host, "A");
    }

    private static long updates(String host, String type) {
        return namedLog().stream().filter(l -> l.contains("adding an RR at '" + host + "' " + type + " ")).count();
    }

    /** The zone's SOA serial: BIND raises it once per UPDATE message it applies, however many RRsets it changes. */
    private static long serial() {
        return Long.parseLong(served("homeport.test", "SOA").split("\\s+")[2]);
    }

    private static List<String> namedLog() {
        try {
            return Files.readAllLines(Path.of("/run/homeport-lab", lab.name(), "named.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Lab.Result homeport(Path config, String key, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        Lab.Result r = lab.homeport("lan", all.toArray(String[]::new));
        assertNoSecret(key, r.stdout() + r.stderr());
        return r;
    }

    /** Neither the base64 secret nor its raw bytes (as text or hex) appear in output, state, or the logs homeport wrote. */
    private void assertNoSecret(String keyText, String output) {
        Matcher m = Pattern.compile("secret \"([^\"]+)\"").matcher(keyText);
        assertTrue(m.find(), keyText);
        String b64 = m.group(1);
        byte[] raw = Base64.getDecoder().decode(b64);
        List<String> forms = List.of(b64, HexFormat.of().formatHex(raw), new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1));
        StringBuilder everything = new StringBuilder(output);
        try (Stream<Path> files = Files.walk(lab.stateDir("lan"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) everything.append(Files.readString(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String f : forms) assertFalse(everything.toString().contains(f), "the TSIG secret must never be printed or stored");
    }

    private static String labKey() {
        try {
            return Files.readString(bind.resolve("lab.key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void reassertMakesBindAnswerTheRoutersWanAddressSendsNothingWhenUnchangedAndOneUpdateAfterANewAddress() throws Exception {
        String host = "pi.homeport.test";
        long before = updates(host);
        Path cfg = config(host, labKey());

        Lab.Result first = Cli.expectExit(Cli.OK, homeport(cfg, labKey(), "reassert"));
        assertTrue(first.stdout().contains("dns: updated " + host + " to 11.7.0.2"), first::toString);
        assertEquals("11.7.0.2", served(host), "BIND answers the router's WAN address");
        assertEquals(before + 1, updates(host), "one UPDATE");

        Lab.Result again = Cli.expectExit(Cli.OK, homeport(cfg, labKey(), "reassert"));
        assertEquals("", again.stdout(), again::toString);
        assertEquals(before + 1, updates(host), "nothing sent while the address is unchanged");

        lab.setWan("11.7.0.7");
        Cli.expectExit(Cli.OK, homeport(cfg, labKey(), "reassert", "-q"));
        Cli.expectExit(Cli.OK, homeport(cfg, labKey(), "reassert", "-q"));
        assertEquals("11.7.0.7", served(host), "BIND answers the new address");
        assertEquals(before + 2, updates(host), "exactly one more UPDATE for the new address");

        // The Pi's resolver (the lab's dnsmasq) does not know homeport.test: an ok here means doctor asked BIND itself.
        Lab.Result doctor = homeport(cfg, labKey(), "doctor", "--port", "888");
        assertTrue(doctor.stdout().lines().anyMatch(l -> l.matches("ok\\s+dns\\s+" + host + "\\s+" + host + " -> 11\\.7\\.0\\.7, .*")),
                doctor::toString);

        Lab.Result status = Cli.expectExit(Cli.OK, homeport(cfg, labKey(), "ddns", "status"));
        assertTrue(status.stdout().contains("rfc2136 (dns://11.7.53.53/homeport.test)"), status::toString);
        assertTrue(status.stdout().contains(host + ": 11.7.0.7"), status::toString);

        Lab.Result dry = Cli.expectExit(Cli.OK, homeport(cfg, labKey(), "ddns", "update", "--force", "--dry-run"));
        assertTrue(dry.stdout().contains("would send: DNS UPDATE to 11.7.53.53 zone homeport.test. (TSIG key homeport-lab,"
                + " hmac-sha256): replace A of " + host + " with 11.7.0.7 ttl 300"), dry::toString);
        Lab.Result loud = Cli.expectExit(Cli.OK, homeport(cfg, labKey(), "ddns", "update", "--force", "-vv"));
        assertTrue(loud.stdout().startsWith("updated " + host + " to 11.7.0.7"), loud::toString);
        assertEquals(before + 3, updates(host), "--dry-run sent nothing, --force one UPDATE");
    }

    /** BIND's log lines of a refused UPDATE's TSIG error, e.g. BADSIG. */
    private static long logged(String tsigError) {
        return namedLog().stream().filter(l -> l.contains(tsigError)).count();
    }

    /**
     * A wrong secret gets BIND's real BADSIG, which RFC 8945 has it send unsigned (it cannot sign with a key it does not
     * share): homeport cannot tell it from a forgery, so it fails the run naming the cause and that the answer was not
     * signed, never latches, and a later run (here --force, instead of waiting out the minute's backoff) sends again.
     */
    @Test
    void aWrongSecretGetsBindsUnsignedBadsigWhichFailsEachRunWithoutLatchingOff() throws Exception {
        String host = "wrongkey.homeport.test";
        String otherKey = lab.exec("lan", "tsig-keygen", "-a", "hmac-sha256", "homeport-lab").stdout();
        Path cfg = config(host, otherKey);
        long before = logged("BADSIG");

        Lab.Result first = homeport(cfg, otherKey, "ddns", "update");
        assertEquals(10, first.exitCode(), first::toString);
        String error = Cli.oneErrorLine(first);
        assertTrue(error.contains("answered BADSIG") && error.contains("secret does not match") && error.contains("not signed"), error);
        assertEquals(before + 1, logged("BADSIG"), "one signed UPDATE reached BIND");
        String state = Files.readString(lab.stateDir("lan").resolve("ddns.state"));
        assertFalse(state.contains("latch.") || state.contains("hold."), state);

        Lab.Result status = Cli.expectExit(Cli.OK, homeport(cfg, otherKey, "ddns", "status"));
        assertTrue(status.stdout().contains("failed") && !status.stdout().contains("latched"), status::toString);

        Lab.Result again = homeport(cfg, otherKey, "ddns", "update", "--force");
        assertEquals(10, again.exitCode(), again::toString);
        assertEquals(before + 2, logged("BADSIG"), "the next run sent the update again");
        assertEquals("", served(host), "BIND serves nothing for the name");
        assertEquals(0, updates(host));
    }

    @Test
    void aKeyNameBindDoesNotKnowGetsAnUnsignedBadkeyWhichFailsTheRunNamingTheCause() throws Exception {
        String host = "nokey.homeport.test";
        String unknownKey = lab.exec("lan", "tsig-keygen", "-a", "hmac-sha256", "nobody-knows-this-key").stdout();
        Path cfg = config(host, unknownKey);

        Lab.Result first = homeport(cfg, unknownKey, "ddns", "update");
        assertEquals(10, first.exitCode(), first::toString);
        String error = Cli.oneErrorLine(first);
        assertTrue(error.contains("answered BADKEY") && error.contains("does not know this TSIG key") && error.contains("not signed"),
                error);
        assertFalse(Files.readString(lab.stateDir("lan").resolve("ddns.state")).contains("latch."));
        assertEquals(0, updates(host));
    }

    @Test
    void dualStackReplacesTheAaaaRrsetWithThePisStableAddressBesideTheAOnceAndOnlyTheChangedFamilyAfterwards() throws Exception {
        String host = "pi6.homeport.test";
        long a = updates(host, "A");
        long aaaa = updates(host, "AAAA");
        long serial = serial();
        Path cfg = config(host, labKey(), "both");

        Lab.Result first = Cli.expectExit(Cli.OK, homeport(cfg, labKey(), "reassert"));
        assertTrue(first.stdout().contains("dns: updated " + host + " to 11.7.0.2," + PI6), first::toString);
        assertEquals(PI6, served(host, "AAAA"), "BIND answers the Pi's stable IPv6 address (not its temporary one)");
        assertEquals("11.7.0.2", served(host, "A"), "and the router's WAN address");
        assertEquals(List.of(a + 1, aaaa + 1, serial + 1), List.of(updates(host, "A"), updates(host, "AAAA"), serial()),
                "one UPDATE carrying both RRsets");

        Lab.Result again = Cli.expectExit(Cli.OK, homeport(cfg, labKey(), "reassert"));
        assertEquals("", again.stdout(), again::toString);
        assertEquals(serial + 1, serial(), "nothing sent while both addresses are unchanged");

        // The Pi's stable address changes (a new prefix from the ISP would do the same): one UPDATE, of the AAAA only.
        String eth = lab.name() + "-eth0";
        lab.exec("lan", "ip", "-6", "addr", "add", "2001:db8:1::20/64", "dev", eth, "nodad");
        lab.exec("lan", "ip", "-6", "addr", "del", PI6 + "/64", "dev", eth);
        try {
            Cli.expectExit(Cli.OK, homeport(cfg, labKey(), "reassert", "-q"));
            Cli.expectExit(Cli.OK, homeport(cfg, labKey(), "reassert", "-q"));
            assertEquals("2001:db8:1::20", served(host, "AAAA"));
            assertEquals(List.of(a + 1, aaaa + 2, serial + 2), List.of(updates(host, "A"), updates(host, "AAAA"), serial()),
                    "exactly one more UPDATE, and the A RRset was not in it");

            // The Pi's resolver does not know homeport.test: an ok means doctor asked BIND for the AAAA record too.
            Lab.Result doctor = homeport(cfg, labKey(), "doctor", "--port", "888");
            assertTrue(doctor.stdout().lines().anyMatch(l -> l.matches("ok\\s+aaaa record\\s+" + host
                    + "\\s+AAAA 2001:db8:1::20 \\(this host\\)")), doctor::toString);
        } finally {
            lab.exec("lan", "ip", "-6", "addr", "add", PI6 + "/64", "dev", eth, "nodad", "mngtmpaddr");
            lab.exec("lan", "ip", "-6", "addr", "del", "2001:db8:1::20/64", "dev", eth);
            lab.exec("lan", "ip", "-6", "route", "replace", "default", "via", "2001:db8:1::1");
        }
    }
}
