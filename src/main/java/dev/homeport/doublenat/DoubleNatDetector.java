package dev.homeport.doublenat;

import dev.homeport.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the home router (inner) sits behind another NAT (outer), and where the outer may be.
 *
 * <ol>
 *   <li>The inner reports a private (RFC 1918) WAN address: double NAT; the outer is likely {@code .1} of that /24.</li>
 *   <li>It reports a shared (100.64/10) address: CGNAT, no outer router homeport could drive.</li>
 *   <li>It reports a public address: an echo request to that address with TTL 1 is answered by the inner itself
 *       when it owns it; "time exceeded" from the inner means someone further on owns it (an inner with
 *       {@code ext_ip}/STUN, the case where everything else looks fine): double NAT.</li>
 * </ol>
 * In a double NAT the answer to TTL 2 towards {@code probeTarget} names the outer's LAN address. That probe is sent
 * only once a double NAT is known, so it expires at the outer router and never leaves the home.
 */
public final class DoubleNatDetector {
    private final HopProbe probe;
    private final String probeTarget;

    /**
     * @param probe       the TTL probe
     * @param probeTarget any address beyond the outer router (its packet expires at the outer)
     */
    public DoubleNatDetector(HopProbe probe, String probeTarget) {
        if (!Ipv4.isValid(probeTarget)) throw new IllegalArgumentException("probeTarget (" + probeTarget + ") must be an IPv4 address");
        this.probe = probe;
        this.probeTarget = probeTarget;
    }

    /** @param innerExternal what the inner router reports as its WAN address (may be empty) */
    public Detection detect(String innerExternal) {
        if (!Ipv4.isValid(innerExternal)) {
            return new Detection(Detection.Verdict.UNKNOWN, "the router reports no WAN address", Optional.empty(), List.of());
        }
        Ipv4.Scope scope = Ipv4.scope(innerExternal);
        if (scope == Ipv4.Scope.PRIVATE) {
            List<String> candidates = new ArrayList<>();
            candidates.add(dotOne(innerExternal));
            hop2().ifPresent(candidates::add);
            return new Detection(Detection.Verdict.DOUBLE_NAT, "the router reports the private WAN address " + innerExternal,
                    Optional.of(innerExternal), candidates);
        }
        if (scope == Ipv4.Scope.CGNAT) {
            return new Detection(Detection.Verdict.CGNAT, "the router reports the shared (CGNAT) address " + innerExternal,
                    Optional.empty(), List.of());
        }
        if (scope != Ipv4.Scope.PUBLIC) {
            return new Detection(Detection.Verdict.UNKNOWN, "the router reports " + innerExternal, Optional.empty(), List.of());
        }
        Optional<HopProbe.Hop> first = probe.probeExpectingReply(innerExternal, 1);
        if (first.isEmpty()) {
            return new Detection(Detection.Verdict.UNKNOWN, "ping with TTL 1 to " + innerExternal + " got no answer (is ping"
                    + " installed?)", Optional.empty(), List.of());
        }
        if (first.get().reached()) {
            return new Detection(Detection.Verdict.SINGLE_NAT, "the router answers for its WAN address " + innerExternal
                    + " itself (echo TTL 1)", Optional.empty(), List.of());
        }
        List<String> candidates = new ArrayList<>();
        hop2().ifPresent(candidates::add);
        return new Detection(Detection.Verdict.DOUBLE_NAT, "the router reports " + innerExternal + ", but a ping to it"
                + " with TTL 1 expired at " + first.get().address() + ": another router holds that address"
                + candidates.stream().findFirst().map(c -> " (second hop: " + c + ")").orElse(""), Optional.empty(), candidates);
    }

    /**
     * As {@link #detect(String)} for the router {@code udn}, but a single NAT {@code memo} recalls for it and this
     * address is believed without a probe, and what is probed is remembered (or a stale memo forgotten).
     */
    public Detection detect(String innerExternal, String udn, SingleNatMemo memo) {
        Optional<Detection> recalled = memo.recall(udn, innerExternal);
        if (recalled.isPresent()) return recalled.get();
        Detection d = detect(innerExternal);
        memo.remember(udn, innerExternal, d);
        return d;
    }

    private Optional<String> hop2() {
        return probe.probe(probeTarget, 2).filter(h -> !h.reached()).map(HopProbe.Hop::address)
                .filter(a -> Ipv4.isValid(a) && Ipv4.scope(a) == Ipv4.Scope.PRIVATE);
    }

    static String dotOne(String address) {
        return address.substring(0, address.lastIndexOf('.')) + ".1";
    }
}
