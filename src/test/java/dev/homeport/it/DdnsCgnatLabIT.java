package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 behind carrier-grade NAT: the router's WAN address is in 100.64.0.0/10, so no A record is registered (the
 * Pi's AAAA record still is, issue 15). miniupnpd
 * does not reveal a reserved WAN address over UPnP, so the address comes from an IP-echo service on the ISP side.
 */
class DdnsCgnatLabIT {
    private static Lab lab;
    private static Path requests;

    @TempDir
    Path dir;

    @BeforeAll
    static void up() throws Exception {
        lab = Lab.up("cgnat");
        Path script = lab.tempFile("fake-dyndns2-", ".py");
        Files.writeString(script, DdnsLabIT.FAKE_DYNDNS2);
        requests = lab.tempFile("dyndns2-requests-", ".log");
        DdnsLabIT.startProvider(lab, script, requests);
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    @Test
    void refusesToRegisterACarrierGradeNatAddressAndSaysWhy() throws Exception {
        String cfg = DdnsLabIT.config(dir, lab, "100.64.0.1",
                "  ip-source: url\n  ip-url: http://100.64.0.1:8245/ip\n  ip-version: 4\n").toString();
        Lab.Result r = Cli.expectExit(10, lab.homeport("lan", "--config", cfg, "ddns", "update"));
        String error = Cli.oneErrorLine(r);
        assertTrue(error.contains("not sending " + lab.wanAddress()) && error.contains("carrier-grade NAT"), error);
        assertTrue(error.contains("could not reach this host from the internet"), error);
        assertTrue(r.stderr().contains("hint: ") && r.stderr().contains("ISP"), r.stderr());
        assertEquals("", Files.readString(requests), "nothing was sent to the provider");
    }

    @Test
    void withRfc2136OnlyTheAaaaRrsetOfThePisStableAddressIsReplacedOnceAndNoARecordIsWritten() throws Exception {
        Path key = Path.of("/run/homeport-lab", lab.name(), "bind", "lab.key");
        Assumptions.assumeTrue(Files.isRegularFile(key), "BIND is not running in the lab (as root, scripts/lab packages installs bind9)");
        String host = "cgnat6.homeport.test";
        Path keyFile = dir.resolve("ddns.key");
        Files.writeString(keyFile, Files.readString(key));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Path cfg = dir.resolve("homeport.yaml");
        Files.writeString(cfg, """
                router:
                  via: upnp
                  url: %s
                ddns:
                  provider: rfc2136
                  server: 11.7.53.53
                  zone: homeport.test
                  hostnames: [%s]
                  tsig-key-file: %s
                  ip-source: url
                  ip-url: http://100.64.0.1:8245/ip
                """.formatted(lab.descriptionUrl(), host, keyFile));
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        long serial = serial();

        Lab.Result r = Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", cfg.toString(), "ddns", "update"));
        assertTrue(r.stdout().startsWith("updated " + host + " to " + Ipv6IT.PI6 + " "), r::toString);
        assertEquals(Ipv6IT.PI6, dig(host, "AAAA"));
        assertEquals("", dig(host, "A"), "the carrier-grade NAT address is never registered");
        assertEquals(serial + 1, serial(), "one UPDATE");

        Cli.expectExit(Cli.OK, lab.homeport("lan", "--config", cfg.toString(), "ddns", "update", "-q"));
        assertEquals(serial + 1, serial(), "nothing sent while the IPv6 address is unchanged");
    }

    private static String dig(String name, String type) {
        return lab.exec("lan", "dig", "+short", "+time=2", "+tries=1", "@11.7.53.53", name, type).stdout().strip();
    }

    /** The zone's SOA serial: BIND raises it once per UPDATE message it applies. */
    private static long serial() {
        return Long.parseLong(dig("homeport.test", "SOA").split("\\s+")[2]);
    }
}
