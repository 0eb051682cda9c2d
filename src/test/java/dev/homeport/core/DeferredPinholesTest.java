package dev.homeport.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeferredPinholesTest {
    private static final String ME = "2001:db8:1::10";

    /** Issues ids with its own prefix and records every call. */
    private static final class Control implements Pinholes {
        final String prefix;
        final List<String> calls;

        Control(String prefix, List<String> calls) {
            this.prefix = prefix;
            this.calls = calls;
        }

        @Override
        public String describe() {
            return prefix;
        }

        @Override
        public boolean issued(Pinhole p) {
            return p.id().startsWith(prefix + ":");
        }

        @Override
        public PinholeResult open(Pinhole wanted) {
            calls.add(prefix + " open");
            return new PinholeResult.Opened(wanted.withId(prefix + ":1"));
        }

        @Override
        public boolean renew(Pinhole p) {
            calls.add(prefix + " renew " + p.id());
            return issued(p);
        }

        @Override
        public Closed close(Pinhole p) {
            calls.add(prefix + " close " + p.id());
            return issued(p) ? Closed.CLOSED : Closed.ABSENT;
        }

        @Override
        public boolean exists(Pinhole p) {
            calls.add(prefix + " exists " + p.id());
            return issued(p);
        }
    }

    private final List<String> calls = new ArrayList<>();
    private final Control pcp = new Control("pcp", calls);
    private int lookups;

    private Pinholes deferred() {
        return Pinholes.deferred(pcp, () -> {
            lookups++;
            calls.add("lookup");
            return new Control("upnp", calls).orElse(pcp);
        });
    }

    private static Pinhole held(String id) {
        return Pinhole.wanted(ME, 888, Protocol.TCP, 3600).withId(id);
    }

    @Test
    void keepingAPinholeTheKnownControlIssuedNeverLooksUpTheOther() {
        Pinholes p = deferred();
        Pinhole mine = held("pcp:abc");
        assertTrue(p.renew(mine));
        assertEquals(Pinholes.Presence.HELD, p.check(mine, Instant.EPOCH));
        assertTrue(p.exists(mine));
        assertEquals(Pinholes.Closed.CLOSED, p.close(mine));
        assertEquals("pcp", p.describe(mine));
        assertEquals(0, lookups);
        assertEquals(List.of("pcp renew pcp:abc", "pcp exists pcp:abc", "pcp exists pcp:abc", "pcp close pcp:abc"), calls);
    }

    @Test
    void openingOrAnotherControlsPinholeLooksUpOnceAndAnswersAsTheFullControl() {
        Pinholes p = deferred();
        assertEquals("upnp:1", ((PinholeResult.Opened) p.open(Pinhole.wanted(ME, 8888, Protocol.TCP, 3600))).pinhole().id());
        assertTrue(p.renew(held("upnp:1")));
        assertEquals("upnp, else pcp", p.describe());
        assertEquals(1, lookups, "looked up once, then kept");
        assertEquals(List.of("lookup", "upnp open", "upnp renew upnp:1"), calls);
    }
}
