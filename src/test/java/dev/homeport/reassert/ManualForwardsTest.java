package dev.homeport.reassert;

import static dev.homeport.core.Protocol.TCP;
import static dev.homeport.core.Protocol.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.config.Config;
import dev.homeport.core.PortMapping;
import dev.homeport.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManualForwardsTest {
    @TempDir
    Path tmp;

    @Test
    void aForwardToThisHostFollowsThisHostsAddressAndOneToAnotherHostKeepsItsOwn() {
        ManualForwards manual = new ManualForwards(new StateStore(tmp));
        assertTrue(manual.isEmpty());
        manual.remember(PortMapping.of(5555, TCP, "192.0.2.10", 5555, "homeport pi 5555", 604_800), true);
        manual.remember(PortMapping.of(8080, UDP, "192.0.2.20", 80, "homeport nas web", 3600), false);
        assertFalse(manual.isEmpty());

        Map<String, PortMapping> read = manual.read("192.0.2.99");
        assertEquals(PortMapping.of(5555, TCP, "192.0.2.99", 5555, "homeport pi 5555", 604_800), read.get("5555/tcp"));
        assertEquals(PortMapping.of(8080, UDP, "192.0.2.20", 80, "homeport nas web", 3600), read.get("8080/udp"));
    }

    @Test
    void unforwardForgetsOnlyTheOneAskedFor() {
        ManualForwards manual = new ManualForwards(new StateStore(tmp));
        manual.remember(PortMapping.of(5555, TCP, "192.0.2.10", 5555, "homeport pi 5555", 0), true);
        manual.remember(PortMapping.of(5555, UDP, "192.0.2.10", 5555, "homeport pi 5555", 0), true);
        manual.forget(5555, TCP);
        manual.forget(7777, TCP);
        assertEquals(List.of("5555/udp"), List.copyOf(manual.read("192.0.2.10").keySet()));
    }

    @Test
    void ignoresEntriesItCannotReadOrThatLackHomeportsMarker() throws Exception {
        StateStore store = new StateStore(tmp);
        store.write(ManualForwards.STATE_NAME, Map.of("5555/tcp", "- 5555 0 someone else's", "x/tcp", "- 1 0 homeport a",
                "6666/tcp", "- 6666 zero homeport b", "7777/tcp", "- 7777 0 homeport c"));
        assertEquals(List.of("7777/tcp"), List.copyOf(new ManualForwards(store).read("192.0.2.10").keySet()));
        assertTrue(Files.exists(store.file(ManualForwards.STATE_NAME)));
    }

    @Test
    void theConfigsForwardWinsOverOneMadeByHandForTheSamePort() {
        Config.Forward blog = new Config.Forward("blog", 888, 888, List.of(TCP), Optional.empty(),
                dev.homeport.core.Lease.DEFAULT);
        Config config = new Config(tmp.resolve("c.yaml"), Config.RouterSettings.defaults(), List.of(blog), Optional.empty());
        Plan plan = Plan.of(config, "192.0.2.10", Map.of(
                "888/tcp", PortMapping.of(888, TCP, "192.0.2.10", 888, "homeport pi 888", 0),
                "5555/tcp", PortMapping.of(5555, TCP, "192.0.2.10", 5555, "homeport pi 5555", 0)));
        assertEquals(List.of("blog", "homeport pi 5555"), plan.wanted().stream().map(Plan.Wanted::name).toList());
        assertEquals(List.of(false, true), plan.wanted().stream().map(Plan.Wanted::byHand).toList());
    }
}
