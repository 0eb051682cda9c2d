package dev.homeport.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.config.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDNS's own API: domains without the duckdns.org suffix, the token as a parameter, OK/KO answers. */
class DuckDnsProtocolTest {
    @TempDir
    Path dir;
    private Kit kit;
    private FakeProvider provider;

    @BeforeEach
    void start() throws Exception {
        kit = new Kit(dir);
        provider = new FakeProvider(Kit.PASSWORD).tokenAuth();
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private DdnsUpdater updater() {
        return kit.updater(new Config.Ddns("duckdns", Optional.of(provider.base()), false,
                List.of("savvy.duckdns.org", "other.duckdns.org"), Optional.empty(), Optional.of(kit.secret), Optional.empty(),
                "router", Optional.empty()));
    }

    @Test
    void sendsTheSubdomainsTheTokenAndTheAddress() {
        provider.answer("OK", "192.0.2.1", "", "UPDATED");
        assertInstanceOf(UpdateOutcome.Updated.class, updater().update("192.0.2.1", false, false));
        RecordedRequest r = provider.request(0);
        assertEquals("/update", r.getUrl().encodedPath());
        assertEquals("savvy,other", r.getUrl().queryParameter("domains"));
        assertEquals(Kit.PASSWORD, r.getUrl().queryParameter("token"));
        assertEquals("192.0.2.1", r.getUrl().queryParameter("ip"));
        assertNull(r.getHeaders().get("Authorization"));
        assertEquals("192.0.2.1", kit.state().get("host.savvy.duckdns.org.ip"));
    }

    @Test
    void nochangeIsASuccessWithAWarning() {
        provider.answer("OK", "192.0.2.1", "", "NOCHANGE");
        UpdateOutcome.Updated o = assertInstanceOf(UpdateOutcome.Updated.class, updater().update("192.0.2.1", false, false));
        assertFalse(o.warnings().isEmpty());
    }

    @Test
    void koLatchesAndTheTokenNeverShows() {
        provider.answer("KO");
        UpdateOutcome.Latched o = assertInstanceOf(UpdateOutcome.Latched.class, updater().update("192.0.2.1", false, false));
        assertTrue(o.reason().contains("token"), o.reason());
        assertFalse(o.message().contains(Kit.PASSWORD));
        UpdateOutcome.WouldUpdate dry = assertInstanceOf(UpdateOutcome.WouldUpdate.class, updater().update("192.0.2.1", true, true));
        assertTrue(dry.message().contains("token=%28secret%29") || dry.message().contains("token=(secret)"), dry.message());
        assertFalse(dry.message().contains(Kit.PASSWORD));
    }
}
