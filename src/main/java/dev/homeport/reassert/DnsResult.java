package dev.homeport.reassert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What the dynamic-DNS step did. */
public sealed interface DnsResult {

    /** The provider was told (or, in a dry run, would be told) the new address. */
    record Updated(String address, List<String> hostnames) implements DnsResult {
        public Updated {
            Objects.requireNonNull(address, "address");
            hostnames = List.copyOf(hostnames);
        }
    }

    /** The last address sent is still current: nothing was sent. */
    record Unchanged(String address) implements DnsResult {
        public Unchanged {
            Objects.requireNonNull(address, "address");
        }
    }

    /** The provider asked for a pause (911, dnserr): nothing is sent before {@code until}. */
    record Held(Instant until, String reason) implements DnsResult {
        public Held {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A fatal provider answer (badauth, nohost, abuse...) switched updates off until the config changes. */
    record Latched(String reason, String hint) implements DnsResult {
        public Latched {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(hint, "hint");
        }
    }

    /** The update could not be made this time (network, unusable address, provider error). */
    record Failed(String reason, String hint) implements DnsResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(hint, "hint");
        }
    }
}
