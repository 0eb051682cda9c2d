package dev.homeport.doublenat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
}
