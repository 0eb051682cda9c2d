package dev.homeport.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NotifyFilterTest {
    private static final String LOC = "http://192.0.2.1:5000/rootDesc.xml";
    private final NotifyFilter filter = new NotifyFilter();

    private static Notify alive(String location, long bootId) {
        return new Notify(Notify.Nts.ALIVE, "upnp:rootdevice", "uuid:r::upnp:rootdevice", Optional.of(location),
                bootId < 0 ? OptionalLong.empty() : OptionalLong.of(bootId), OptionalLong.empty());
    }

    private static Notify byebye() {
        return new Notify(Notify.Nts.BYEBYE, "upnp:rootdevice", "uuid:r::upnp:rootdevice", Optional.empty(),
                OptionalLong.empty(), OptionalLong.empty());
    }

    @Test
    void theFirstAliveIsLearntAndItsRepeatsTriggerNothing() {
        assertTrue(filter.accept(alive(LOC, 7)).isEmpty());
        for (int i = 0; i < 26; i++) assertTrue(filter.accept(alive(LOC, 7)).isEmpty());
    }

    @Test
    void aNewBootIdMeansTheRouterRestarted() {
        filter.accept(alive(LOC, 7));
        Trigger t = filter.accept(alive(LOC, 8)).orElseThrow();
        assertEquals("the router restarted (BOOTID.UPNP.ORG 7 -> 8)", t.why());
        assertEquals(Optional.empty(), t.location(), "same location: reuse the gateway it knows");
        assertTrue(filter.accept(alive(LOC, 8)).isEmpty(), "the rest of the burst changes nothing");
    }

    @Test
    void aliveAfterByebyeMeansTheRouterIsBackButTheByebyeItselfTriggersNothing() {
        filter.accept(alive(LOC, -1));
        assertTrue(filter.accept(byebye()).isEmpty());
        assertEquals("the router is back (ssdp:alive after ssdp:byebye)", filter.accept(alive(LOC, -1)).orElseThrow().why());
        assertTrue(filter.accept(alive(LOC, -1)).isEmpty());
    }

    @Test
    void aNewLocationIsPassedOnSoTheRouterIsReachedThereWithoutDiscovery() {
        filter.accept(alive(LOC, -1));
        Trigger t = filter.accept(alive("http://192.0.2.1:5001/rootDesc.xml", -1)).orElseThrow();
        assertEquals(Optional.of("http://192.0.2.1:5001/rootDesc.xml"), t.location());
        assertTrue(t.why().startsWith("the router moved its description to http://192.0.2.1:5001/"), t.why());
    }

    @Test
    void anUpdateAnnouncesTheNextBootIdWithoutTriggering() {
        filter.accept(alive(LOC, 7));
        Notify update = new Notify(Notify.Nts.UPDATE, "upnp:rootdevice", "uuid:r", Optional.of(LOC), OptionalLong.of(7),
                OptionalLong.of(9));
        assertTrue(filter.accept(update).isEmpty());
        assertTrue(filter.accept(alive(LOC, 9)).isEmpty(), "9 was announced: not a reboot");
    }
}
