package dev.homeport.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeferredPinholesTest {
    private static final String ME = "2001:db8:1::10";

    /** Issues ids with its own prefix and records every call. */
    private static final class Control implements Pinholes {
        final String prefix;
        final List<String> calls;
        boolean refuses;

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
            return refuses ? new PinholeResult.Refused(prefix + " refuses", prefix + " hint", prefix.length())
                    : new PinholeResult.Opened(wanted.withId(prefix + ":1"));
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
    private final Control upnp = new Control("upnp", calls);
    private Optional<Pinholes> found = Optional.of(upnp);
    private int lookups;

    /** PCP known, UPnP looked up; PCP first below port 1024 (as on miniupnpd). */
    private Pinholes deferred() {
        return Pinholes.deferred(pcp, () -> {
            lookups++;
            calls.add("lookup");
            return found;
        }, p -> p.port() < 1024);
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

    @Test
    void aPinholeTheKnownControlGoesFirstForIsOpenedWithoutLookingUpTheOther() {
        Pinholes p = deferred();

        PinholeResult r = p.open(Pinhole.wanted(ME, 888, Protocol.TCP, 3600));

        assertEquals("pcp:1", ((PinholeResult.Opened) r).pinhole().id());
        assertEquals("pcp", p.describe(((PinholeResult.Opened) r).pinhole()));
        assertEquals(0, lookups);
        assertEquals(List.of("pcp open"), calls);
    }

    @Test
    void whenTheKnownControlRefusesTheOtherIsLookedUpAndAsked() {
        pcp.refuses = true;
        Pinholes p = deferred();

        PinholeResult r = p.open(Pinhole.wanted(ME, 888, Protocol.TCP, 3600));

        assertEquals("upnp:1", ((PinholeResult.Opened) r).pinhole().id());
        assertEquals(List.of("pcp open", "lookup", "upnp open"), calls);
    }

    @Test
    void whenBothRefuseTheRefusalReadsAsIfTheOtherHadBeenAskedFirst() {
        pcp.refuses = true;
        upnp.refuses = true;
        Pinholes p = deferred();

        PinholeResult.Refused low = (PinholeResult.Refused) p.open(Pinhole.wanted(ME, 888, Protocol.TCP, 3600));
        PinholeResult.Refused high = (PinholeResult.Refused) p.open(Pinhole.wanted(ME, 8888, Protocol.TCP, 3600));

        assertEquals(new PinholeResult.Refused("upnp refuses; pcp refuses", "upnp hint", 4), low);
        assertEquals(low, high, "the same words whichever was asked first");
        assertEquals(List.of("pcp open", "lookup", "upnp open", "upnp open", "pcp open"), calls);
    }

    @Test
    void whenTheKnownControlRefusesAndThereIsNoOtherItsRefusalIsTheAnswer() {
        pcp.refuses = true;
        found = Optional.empty();
        Pinholes p = deferred();

        assertEquals(new PinholeResult.Refused("pcp refuses", "pcp hint", 3), p.open(Pinhole.wanted(ME, 888, Protocol.TCP, 3600)));
        assertEquals(new PinholeResult.Refused("pcp refuses", "pcp hint", 3), p.open(Pinhole.wanted(ME, 8888, Protocol.TCP, 3600)));
        assertEquals(List.of("pcp open", "lookup", "pcp open"), calls);
        assertEquals("pcp", p.describe());
    }
}
