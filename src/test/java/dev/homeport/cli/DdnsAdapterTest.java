package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.homeport.ddns.UpdateOutcome;
import dev.homeport.reassert.DnsResult;
import dev.homeport.reassert.DnsResult.Status;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ddns package's outcomes as reassert's DNS results: successes, and failures with the right status. */
class DdnsAdapterTest {
    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void mapsEachOutcomeToTheStatusThatDecidesTheExitCode() {
        assertEquals(Status.UPDATED, DdnsAdapter.result(new UpdateOutcome.Updated("11.7.0.2", List.of("a.example.org"), "good",
                "first update", List.of())).status());
        assertEquals(Status.UPDATED, DdnsAdapter.result(new UpdateOutcome.WouldUpdate("11.7.0.2", List.of("a.example.org"),
                List.of("GET https://x/nic/update?hostname=a.example.org&myip=11.7.0.2"), "first update")).status());
        assertEquals(Status.UNCHANGED, DdnsAdapter.result(new UpdateOutcome.Unchanged("11.7.0.2", List.of("a.example.org"), T))
                .status());
        assertEquals(Status.HELD, DdnsAdapter.result(new UpdateOutcome.Held(T, false, "911")).status());
        assertEquals(Status.LATCHED, DdnsAdapter.result(new UpdateOutcome.Latched("badauth", "bad password", T)).status());
        assertEquals(Status.FAILED, DdnsAdapter.result(new UpdateOutcome.Failed("timeout", Optional.empty(), T, List.of())).status());
        assertEquals(Status.FAILED, DdnsAdapter.result(new UpdateOutcome.Refused("100.64.0.2", "CGNAT", "ask the ISP")).status());
    }

    @Test
    void keepsTheDdnsWordingHintAndAddress() {
        UpdateOutcome latched = new UpdateOutcome.Latched("badauth", "bad password", T);
        DnsResult r = DdnsAdapter.result(latched);
        assertEquals(latched.message(), r.message());
        assertEquals(latched.hint(), r.hint());
        assertEquals(Optional.of("11.7.0.2"), DdnsAdapter.result(new UpdateOutcome.Unchanged("11.7.0.2", List.of("a"), T)).address());
    }
}
