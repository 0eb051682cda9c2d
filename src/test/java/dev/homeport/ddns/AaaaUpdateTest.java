package dev.homeport.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homeport.config.Config;
import dev.homeport.core.IpVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AaaaUpdateTest {
    private static final String HOST = "savvypetesblog.is-lost.org";
    private static final String V4 = "192.0.2.1";
    private static final String V6 = "2001:db8:1::10";

    @TempDir
    Path dir;
    private Kit kit;
    private FakeProvider provider;
    private final AtomicReference<Optional<String>> hostV6 = new AtomicReference<>(Optional.of(V6));

    @BeforeEach
    void start() throws Exception {
        kit = new Kit(dir);
        provider = new FakeProvider(Kit.PASSWORD);
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private DdnsUpdater updater(String providerId, IpVersion version) {
        Config.Ddns d = Kit.ddns(providerId, provider.base(), List.of(HOST), kit.secret);
        Config.Ddns withVersion = new Config.Ddns(d.provider(), d.server(), d.insecure(), d.hostnames(), d.username(),
                d.passwordFile(), d.passwordEnv(), d.ipSource(), d.ipUrl(), version);
        return DdnsUpdater.create(kit.config(withVersion), Map.of(), kit.http, kit.store, kit.clock, hostV6::get);
    }

    @Test
    void registersTheHostsStableIpv6AddressNextToTheRoutersIpv4InOneDyndns2Request() {
        provider.answer("good " + V4 + "," + V6);
        UpdateOutcome.Updated o = assertInstanceOf(UpdateOutcome.Updated.class,
                updater("dyndns2", IpVersion.BOTH).update(V4, false, false));
        assertEquals("hostname=" + HOST + "&myip=" + V4 + "," + V6, provider.request(0).getUrl().encodedQuery());
        assertEquals(V4 + "," + V6, o.ip());
    }

    @Test
    void sendsNothingWhileBothAreUnchangedAndExactlyOnceWhenOnlyTheIpv6AddressChanges() {
        provider.answer("good");
        updater("dyndns2", IpVersion.BOTH).update(V4, false, false);
        assertInstanceOf(UpdateOutcome.Unchanged.class, updater("dyndns2", IpVersion.BOTH).update(V4, false, false));
        assertEquals(1, provider.requestCount());

        hostV6.set(Optional.of("2001:db8:1::20"));
        provider.answer("good");
        assertInstanceOf(UpdateOutcome.Updated.class, updater("dyndns2", IpVersion.BOTH).update(V4, false, false));
        assertInstanceOf(UpdateOutcome.Unchanged.class, updater("dyndns2", IpVersion.BOTH).update(V4, false, false));
        assertEquals(2, provider.requestCount());
        assertEquals("hostname=" + HOST + "&myip=" + V4 + ",2001:db8:1::20", provider.request(1).getUrl().encodedQuery());
    }

    @Test
    void behindCarrierGradeNatOnlyTheAaaaRecordIsRegistered() {
        provider.answer("good " + V6);
        UpdateOutcome.Updated o = assertInstanceOf(UpdateOutcome.Updated.class,
                updater("dyndns2", IpVersion.BOTH).update("100.64.0.2", false, false));
        assertEquals("hostname=" + HOST + "&myip=" + V6, provider.request(0).getUrl().encodedQuery());
        assertEquals(V6, o.ip());
    }

    @Test
    void ipVersion4NeverSendsTheIpv6AddressAndIpVersion6NeverAsksForTheIpv4One() {
        provider.answer("good");
        updater("dyndns2", IpVersion.V4).update(V4, false, false);
        assertEquals("hostname=" + HOST + "&myip=" + V4, provider.request(0).getUrl().encodedQuery());

        provider.answer("good");
        updater("dyndns2", IpVersion.V6).update(() -> {
            throw new AssertionError("the IPv4 address must not be asked for");
        }, true, false);
        assertEquals("hostname=" + HOST + "&myip=" + V6, provider.request(1).getUrl().encodedQuery());
    }

    @Test
    void ipVersion6WithoutAStableAddressIsRefusedAndSendsNothing() {
        hostV6.set(Optional.empty());
        UpdateOutcome.Refused r = assertInstanceOf(UpdateOutcome.Refused.class,
                updater("dyndns2", IpVersion.V6).update(V4, false, false));
        assertEquals("this host has no stable global IPv6 address", r.reason());
        assertEquals(0, provider.requestCount());
    }

    @Test
    void dynuTakesTheIpv6AddressInMyipv6AndDynOnlyTheIpv4One() {
        provider.answer("good");
        updater("dynu", IpVersion.BOTH).update(V4, false, false);
        assertEquals("hostname=" + HOST + "&myip=" + V4 + "&myipv6=" + V6, provider.request(0).getUrl().encodedQuery());
    }

    @Test
    void theUpdateModelsAddressTextRoundTrips() {
        assertEquals(new Addresses(Optional.of(V4), Optional.of(V6)), Addresses.parse(V4 + "," + V6));
        assertEquals(new Addresses(Optional.empty(), Optional.of(V6)), Addresses.parse("2001:DB8:1:0::10"));
        assertEquals(V4, Addresses.parse(V4).text());
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse(V6 + "," + V4));
    }
}
