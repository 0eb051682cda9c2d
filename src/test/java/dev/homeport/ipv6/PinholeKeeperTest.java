package dev.homeport.ipv6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.Pinhole;
import dev.homeport.core.PinholeResult;
import dev.homeport.core.Pinholes;
import dev.homeport.core.Protocol;
import dev.homeport.state.StateStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinholeKeeperTest {
    private static final String ME = "2001:db8:1::10";
    private static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");

    @TempDir
    Path dir;

    /** A router's pinhole table: ids from 1, lost on reboot; refuses ports below 1024 as miniupnpd does. */
    static final class FakeFirewall implements Pinholes {
        final Map<String, Pinhole> table = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        int next = 1;

        @Override
        public String describe() {
            return "fake firewall";
        }

        @Override
        public PinholeResult open(Pinhole wanted) {
            calls.add("open " + wanted.port());
            if (wanted.port() < 1024) return new PinholeResult.Refused("low port", "use a high one", 606);
            Pinhole got = wanted.withId("upnp:" + next++);
            table.put(got.id(), got);
            return new PinholeResult.Opened(got);
        }

        @Override
        public boolean renew(Pinhole p) {
            calls.add("renew " + p.id());
            return table.containsKey(p.id());
        }

        @Override
        public Closed close(Pinhole p) {
            calls.add("close " + p.id());
            return table.remove(p.id()) != null ? Closed.CLOSED : Closed.ABSENT;
        }

        @Override
        public boolean exists(Pinhole p) {
            return table.containsKey(p.id());
        }

        void reboot() {
            table.clear();
            next = 1;
        }
    }

    private final FakeFirewall router = new FakeFirewall();

    private PinholeKeeper keeper(Instant now) {
        return new PinholeKeeper(router, new StateStore(dir), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void opensOnceThenLeavesAFreshPinholeAloneAndRenewsItAfterHalfItsLease() {
        Pinhole wanted = Pinhole.wanted(ME, 8888, Protocol.TCP, 604_800);
        assertEquals(86_400, wanted.leaseSeconds(), "IGD:2 caps a pinhole lease at a day");

        assertEquals(PinholeKeeper.Action.OPENED, keeper(T0).ensure(wanted).action());
        assertEquals(PinholeKeeper.Action.UNCHANGED, keeper(T0.plus(Duration.ofHours(11))).ensure(wanted).action());
        PinholeKeeper.Outcome renewed = keeper(T0.plus(Duration.ofHours(13))).ensure(wanted);

        assertEquals(PinholeKeeper.Action.RENEWED, renewed.action());
        assertEquals("upnp:1", renewed.pinhole().id());
        assertEquals(List.of("open 8888", "renew upnp:1"), router.calls);
        assertEquals(PinholeKeeper.Action.UNCHANGED, keeper(T0.plus(Duration.ofHours(14))).ensure(wanted).action());
    }

    @Test
    void restoresAPinholeTheRouterLostInAReboot() {
        Pinhole wanted = Pinhole.wanted(ME, 8888, Protocol.TCP, 0);
        keeper(T0).ensure(wanted);
        router.reboot();

        PinholeKeeper.Outcome o = keeper(T0.plusSeconds(60)).ensure(wanted);

        assertEquals(PinholeKeeper.Action.RESTORED, o.action());
        assertTrue(router.exists(o.pinhole()));
        assertEquals(List.of(o.pinhole()), PinholeKeeper.recorded(new StateStore(dir)));
    }

    @Test
    void aRefusalIsReportedWithItsReasonAndNothingIsRecorded() {
        PinholeKeeper.Outcome o = keeper(T0).ensure(Pinhole.wanted(ME, 888, Protocol.TCP, 0));

        assertEquals(PinholeKeeper.Action.REFUSED, o.action());
        assertEquals("low port", o.reason());
        assertEquals(List.of(), PinholeKeeper.recorded(new StateStore(dir)));
    }

    @Test
    void closeDeletesTheRecordedPinholeAndForgetsIt() {
        keeper(T0).ensure(Pinhole.wanted(ME, 8888, Protocol.UDP, 0));

        assertEquals(Pinholes.Closed.CLOSED, keeper(T0).close(8888, Protocol.UDP));

        assertEquals("close upnp:1", router.calls.get(router.calls.size() - 1));
        assertTrue(router.table.isEmpty());
        assertEquals(Pinholes.Closed.ABSENT, keeper(T0).close(8888, Protocol.UDP), "nothing recorded any more");
    }
}
