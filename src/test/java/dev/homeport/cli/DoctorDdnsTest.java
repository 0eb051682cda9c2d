package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.ddns.DdnsStatus;
import dev.homeport.doctor.DdnsStatusSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoctorDdnsTest {
    private static final Instant AT = Instant.parse("2026-11-27T09:00:00Z");

    private static DdnsStatus status(DdnsStatus.Step step, Optional<String> ip) {
        return new DdnsStatus("dyndns2", "http://127.0.0.1:8245/nic/update",
                List.of(new DdnsStatus.Host("blog.lab.test", ip, ip.map(i -> AT), Optional.empty())),
                Optional.of("badauth"), Optional.of(AT), ip,
                new DdnsStatus.Next(step, Optional.of(AT.plusSeconds(1800)), "nothing is sent: latched off since 09:00",
                        Optional.of("fix the password file, then 'homeport ddns update --force'")));
    }

    @Test
    void carriesALatchWithItsReasonAndHowToClearIt() {
        DdnsStatusSource.HostStatus s = new DoctorDdns(() -> status(DdnsStatus.Step.LATCHED, Optional.of("11.7.0.2")))
                .status("blog.lab.test").orElseThrow();
        assertEquals(DdnsStatusSource.State.LATCHED, s.state());
        assertEquals(Optional.of("badauth"), s.lastAnswer());
        assertEquals(Optional.of("nothing is sent: latched off since 09:00"), s.summary());
        assertTrue(s.advice().orElseThrow().contains("--force"));
    }

    @Test
    void mapsAHoldWithItsEndAndARetryAsFailing() {
        DdnsStatusSource.HostStatus held = new DoctorDdns(() -> status(DdnsStatus.Step.HELD, Optional.empty()))
                .status("blog.lab.test").orElseThrow();
        assertEquals(DdnsStatusSource.State.HELD, held.state());
        assertEquals(Optional.of(AT.plusSeconds(1800)), held.heldUntil());
        assertEquals(DdnsStatusSource.State.FAILING, new DoctorDdns(() -> status(DdnsStatus.Step.RETRY, Optional.empty()))
                .status("blog.lab.test").orElseThrow().state());
    }

    @Test
    void givesTheAcceptedAddressOfAnActiveHostAndNothingForOthers() {
        DoctorDdns d = new DoctorDdns(() -> status(DdnsStatus.Step.ON_CHANGE, Optional.of("11.7.0.2")));
        DdnsStatusSource.HostStatus s = d.status("BLOG.lab.test").orElseThrow();
        assertEquals(Optional.of("11.7.0.2"), s.lastIp());
        assertEquals(Optional.of(AT), s.lastUpdate());
        assertEquals(Optional.empty(), d.status("other.lab.test"));
        assertEquals(Optional.empty(), new DoctorDdns(() -> status(DdnsStatus.Step.FIRST_UPDATE, Optional.empty()))
                .status("blog.lab.test"));
    }
}
