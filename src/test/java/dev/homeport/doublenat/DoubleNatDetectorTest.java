package dev.homeport.doublenat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.state.StateStore;
import dev.homeport.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoubleNatDetectorTest {
    private static final String TARGET = "11.7.0.1";

    /** Answers from a table keyed "target/ttl"; remembers what was probed. */
    private static final class FakeProbe implements HopProbe {
        final Map<String, Hop> answers = new HashMap<>();
        final List<String> probed = new ArrayList<>();

        @Override
        public Optional<Hop> probe(String target, int ttl) {
            probed.add(target + "/" + ttl);
            return Optional.ofNullable(answers.get(target + "/" + ttl));
        }
    }

    @Test
    void aPrivateWanAddressIsADoubleNatWithTheDotOneOfItsSubnetAndTheSecondHopAsCandidates() {
        FakeProbe p = new FakeProbe();
        p.answers.put(TARGET + "/2", new HopProbe.Hop("192.168.100.254", false));
        Detection d = new DoubleNatDetector(p, TARGET).detect("192.168.100.2");
        assertTrue(d.doubleNat());
        assertEquals(Optional.of("192.168.100.2"), d.innerWan());
        assertEquals(List.of("192.168.100.1", "192.168.100.254"), d.candidates());
        assertTrue(d.evidence().contains("private WAN address 192.168.100.2"), d.evidence());
    }

    @Test
    void aPublicAddressThatTheRouterAnswersForItselfIsASingleNatAndNothingGoesFurther() {
        FakeProbe p = new FakeProbe();
        p.answers.put("11.7.0.2/1", new HopProbe.Hop("11.7.0.2", true));
        Detection d = new DoubleNatDetector(p, TARGET).detect("11.7.0.2");
        assertEquals(Detection.Verdict.SINGLE_NAT, d.verdict());
        assertEquals(List.of("11.7.0.2/1"), p.probed);
    }

    @Test
    void aPublicAddressOwnedFurtherOnIsADoubleNatFoundByTheTtlProbeWithTheSecondHopAsCandidate() {
        FakeProbe p = new FakeProbe();
        p.answers.put("11.7.0.2/1", new HopProbe.Hop("192.0.2.1", false));
        p.answers.put(TARGET + "/2", new HopProbe.Hop("192.168.100.1", false));
        Detection d = new DoubleNatDetector(p, TARGET).detect("11.7.0.2");
        assertTrue(d.doubleNat());
        assertEquals(Optional.empty(), d.innerWan());
        assertEquals(List.of("192.168.100.1"), d.candidates());
        assertTrue(d.evidence().contains("TTL 1 expired at 192.0.2.1"), d.evidence());
    }

    @Test
    void aPublicSecondHopIsNotACandidate() {
        FakeProbe p = new FakeProbe();
        p.answers.put("11.7.0.2/1", new HopProbe.Hop("192.0.2.1", false));
        p.answers.put(TARGET + "/2", new HopProbe.Hop("11.7.0.9", false));
        assertEquals(List.of(), new DoubleNatDetector(p, TARGET).detect("11.7.0.2").candidates());
    }

    @Test
    void aSharedAddressIsCgnatAndNoProbeIsSent() {
        FakeProbe p = new FakeProbe();
        Detection d = new DoubleNatDetector(p, TARGET).detect("100.64.0.2");
        assertEquals(Detection.Verdict.CGNAT, d.verdict());
        assertTrue(p.probed.isEmpty());
    }

    @Test
    void noPingAnswerOrNoAddressIsUnknownNotSingle() {
        assertEquals(Detection.Verdict.UNKNOWN, new DoubleNatDetector(new FakeProbe(), TARGET).detect("11.7.0.2").verdict());
        Detection none = new DoubleNatDetector(new FakeProbe(), TARGET).detect("");
        assertEquals(Detection.Verdict.UNKNOWN, none.verdict());
        assertFalse(none.doubleNat());
    }

    @Test
    void aProbedSingleNatIsBelievedForADayForTheSameRouterAndAddressThenProbedAgain(@TempDir Path tmp) {
        FakeProbe p = new FakeProbe();
        p.answers.put("11.7.0.2/1", new HopProbe.Hop("11.7.0.2", true));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
        SingleNatMemo memo = new SingleNatMemo(new StateStore(tmp), clock);
        DoubleNatDetector detector = new DoubleNatDetector(p, TARGET);

        assertEquals(Detection.Verdict.SINGLE_NAT, detector.detect("11.7.0.2", "uuid:inner", memo).verdict());
        clock.advance(Duration.ofHours(23));
        Detection recalled = detector.detect("11.7.0.2", "uuid:inner", memo);
        assertEquals(Detection.Verdict.SINGLE_NAT, recalled.verdict());
        assertEquals(List.of("11.7.0.2/1"), p.probed, "the second run within a day sends no probe");

        detector.detect("11.7.0.9", "uuid:inner", memo);
        detector.detect("11.7.0.2", "uuid:other", memo);
        assertEquals(List.of("11.7.0.2/1", "11.7.0.9/1", "11.7.0.2/1"), p.probed, "a new address or router is probed");

        clock.advance(Duration.ofHours(25));
        detector.detect("11.7.0.2", "uuid:other", memo);
        assertEquals(4, p.probed.size(), "a verdict older than a day is probed again");
    }

    @Test
    void aDoubleNatOrAnUnansweredProbeIsNeverRememberedAndForgetsAnEarlierSingleNat(@TempDir Path tmp) {
        FakeProbe p = new FakeProbe();
        p.answers.put("11.7.0.2/1", new HopProbe.Hop("11.7.0.2", true));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
        StateStore store = new StateStore(tmp);
        SingleNatMemo memo = new SingleNatMemo(store, clock);
        DoubleNatDetector detector = new DoubleNatDetector(p, TARGET);
        detector.detect("11.7.0.2", "uuid:inner", memo);
        assertTrue(store.read("doublenat").isPresent());

        p.answers.put("11.7.0.2/1", new HopProbe.Hop("192.0.2.254", false));
        clock.advance(Duration.ofDays(2));
        assertTrue(detector.detect("11.7.0.2", "uuid:inner", memo).doubleNat());
        assertTrue(detector.detect("11.7.0.2", "uuid:inner", memo).doubleNat(), "a double NAT is looked at on every run");
        assertEquals(3, p.probed.stream().filter("11.7.0.2/1"::equals).count());
        assertTrue(store.read("doublenat").isEmpty(), "the single-NAT memo is forgotten");

        p.answers.remove("11.7.0.2/1");
        assertEquals(Detection.Verdict.UNKNOWN, detector.detect("11.7.0.2", "uuid:inner", memo).verdict());
        assertEquals(Detection.Verdict.UNKNOWN, detector.detect("11.7.0.2", "uuid:inner", memo).verdict());
    }

    @Test
    void aMemoFromTheFutureOrUnreadableIsIgnored(@TempDir Path tmp) {
        FakeProbe p = new FakeProbe();
        p.answers.put("11.7.0.2/1", new HopProbe.Hop("11.7.0.2", true));
        StateStore store = new StateStore(tmp);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
        DoubleNatDetector detector = new DoubleNatDetector(p, TARGET);
        store.write("doublenat", Map.of("router", "uuid:inner", "external", "11.7.0.2", "probed", "9999999999"));
        detector.detect("11.7.0.2", "uuid:inner", new SingleNatMemo(store, clock));
        store.write("doublenat", Map.of("router", "uuid:inner", "external", "11.7.0.2", "probed", "soon"));
        detector.detect("11.7.0.2", "uuid:inner", new SingleNatMemo(store, clock));
        assertEquals(2, p.probed.size());
    }
}
