package dev.homeport.doctor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Resolves host names the way the rest of the system does (the system resolver). */
public interface Resolver {

    /** The addresses of {@code hostname}; never throws. */
    Lookup resolve(String hostname);

    /**
     * The answer.
     *
     * @param ipv4    A records, dotted quads
     * @param ipv6    AAAA records
     * @param failure why no answer came (timeout, resolver error); empty with no addresses means the name does not exist
     */
    record Lookup(List<String> ipv4, List<String> ipv6, Optional<String> failure) {
        public Lookup {
            ipv4 = List.copyOf(ipv4);
            ipv6 = List.copyOf(ipv6);
            Objects.requireNonNull(failure, "failure");
        }

        static Lookup failed(String why) {
            return new Lookup(List.of(), List.of(), Optional.of(why));
        }
    }
}
