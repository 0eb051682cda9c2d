package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 behind carrier-grade NAT: the router's WAN address is in 100.64.0.0/10, so nothing is registered. miniupnpd
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
}
