package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.HomeportException;
import dev.homeport.core.Protocol;
import dev.homeport.doublenat.Detection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OuterForwardTest {

    private static Detection doubleNat(Optional<String> innerWan) {
        return new Detection(Detection.Verdict.DOUBLE_NAT, "the router reports the private WAN address 192.168.100.2",
                innerWan, List.of("192.168.100.1"));
    }

    @Test
    void anOuterRouterWithoutUpnpIsToBeOpenedByHandWithThePortAndTheTargetAddressNamed() {
        OuterForward.Outcome o = new OuterForward.Outcome(doubleNat(Optional.of("192.168.100.2")), Optional.empty(),
                Optional.of("192.168.100.2"), List.of());
        HomeportException e = OuterForward.byHand(o, 888, List.of(Protocol.TCP), "192.0.2.1");
        assertEquals(ExitCodes.OUTER_CLOSED, ExitCodes.of(e.kind()));
        assertEquals(14, ExitCodes.of(e.kind()));
        assertTrue(e.getMessage().contains("the outer router (192.168.100.1) does not answer UPnP"), e.getMessage());
        assertTrue(e.hint().orElse("").contains("open 888/tcp by hand"), e.hint().orElse(""));
        assertTrue(e.hint().orElse("").contains("to 192.168.100.2:888"), e.hint().orElse(""));
    }

    @Test
    void anUnknownInnerWanAddressIsDescribedNeverGuessedAndNeverThePiOrTheRoutersLanAddress() {
        OuterForward.Outcome o = new OuterForward.Outcome(doubleNat(Optional.empty()), Optional.empty(), Optional.empty(),
                List.of());
        HomeportException e = OuterForward.byHand(o, 888, List.of(Protocol.TCP, Protocol.UDP), "192.0.2.1");
        assertTrue(e.hint().orElse("").contains("open 888/tcp and 888/udp by hand"), e.hint().orElse(""));
        String hint = e.hint().orElse("");
        assertTrue(hint.contains("your router's WAN address (shown on its status page; it is not 192.0.2.1):888"), hint);
    }
}
