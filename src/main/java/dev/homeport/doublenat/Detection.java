package dev.homeport.doublenat;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What homeport learned about the way out.
 *
 * @param verdict       single NAT, double NAT, CGNAT, or unknown
 * @param evidence      how it was learned, for the user ("the router reports the private WAN address 192.168.100.2")
 * @param innerWan      the inner router's own WAN address when it reported a private one, else empty
 * @param candidates    where to look for the outer router, in order (no duplicates)
 */
public record Detection(Verdict verdict, String evidence, Optional<String> innerWan, List<String> candidates) {

    /** The topology found. */
    public enum Verdict { SINGLE_NAT, DOUBLE_NAT, CGNAT, UNKNOWN }

    public Detection {
        Objects.requireNonNull(verdict, "verdict");
        evidence = evidence == null ? "" : evidence;
        Objects.requireNonNull(innerWan, "innerWan");
        candidates = candidates.stream().distinct().toList();
    }

    /** True when a second router was found between the home router and the internet. */
    public boolean doubleNat() {
        return verdict == Verdict.DOUBLE_NAT;
    }
}
