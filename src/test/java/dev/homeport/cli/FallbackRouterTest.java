package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FallbackRouterTest {
    private final StringWriter err = new StringWriter();
    private final List<String> connected = new ArrayList<>();

    private FallbackRouter.Step fails(String name, Kind kind, String why) {
        return new FallbackRouter.Step(name, () -> {
            connected.add(name);
            throw new HomeportException(kind, why, "hint of " + name);
        });
    }

    private FallbackRouter.Step works(String name) {
        return new FallbackRouter.Step(name, () -> {
            connected.add(name);
            return new Named(name);
        });
    }

    @Test
    void autoWalksUpnpPcpNatPmpAndSaysWhyItMovedOn() {
        FallbackRouter r = new FallbackRouter(List.of(fails("UPnP", Kind.NO_ROUTER, "no UPnP router answered within 3s"),
                fails("PCP", Kind.ROUTER_REFUSED, "the router does not speak PCP"), works("NAT-PMP"), works(FallbackRouter.WEB)),
                new PrintWriter(err), false);

        assertEquals("NAT-PMP", r.describe());
        assertEquals(List.of("UPnP", "PCP", "NAT-PMP"), connected, "the web admin not even connected");
        assertEquals("homeport: UPnP did not answer (no UPnP router answered within 3s); PCP refused (the router does not speak PCP);"
                + " falling back to NAT-PMP\n", err.toString());
    }

    @Test
    void whenAllFailTheFirstKindAndHintStandAndEveryReasonIsNamed() {
        HomeportException e = assertThrows(HomeportException.class, () -> new FallbackRouter(List.of(
                fails("UPnP", Kind.ROUTER_REFUSED, "UPnP is read-only"), fails("PCP", Kind.NO_ROUTER, "no answer"),
                fails("NAT-PMP", Kind.NO_ROUTER, "not tried")), new PrintWriter(err), false));

        assertEquals(Kind.ROUTER_REFUSED, e.kind());
        assertEquals(Optional.of("hint of UPnP"), e.hint());
        assertTrue(e.getMessage().startsWith("UPnP refused (UPnP is read-only); PCP did not answer (no answer); and NAT-PMP failed too"),
                e.getMessage());
    }

    @Test
    void aFailureThatIsNotTheRoutersStopsTheWalk() {
        HomeportException e = assertThrows(HomeportException.class, () -> new FallbackRouter(List.of(
                fails("UPnP", Kind.IO, "state unreadable"), works("PCP")), new PrintWriter(err), false));

        assertEquals(Kind.IO, e.kind());
        assertEquals(List.of("UPnP"), connected);
    }

    @Test
    void aRefusedRequestSkipsPcpAndNatPmpForTheWebAdmin() {
        FallbackRouter r = new FallbackRouter(List.of(new FallbackRouter.Step("UPnP", () -> new Refusing()),
                new FallbackRouter.Step("PCP", () -> new Named("PCP"), false),
                new FallbackRouter.Step("NAT-PMP", () -> new Named("NAT-PMP"), false), works(FallbackRouter.WEB)),
                new PrintWriter(err), false);

        r.add(PortMapping.of(23, Protocol.TCP, "192.0.2.10", 23, "homeport x", 3600));

        assertEquals(FallbackRouter.WEB, r.describe());
        assertTrue(err.toString().startsWith("homeport: UPnP refused (port 23 is not allowed); falling back to"), err.toString());
    }

    @Test
    void aRefusedRequestWithNothingLeftIsTheRoutersOwnError() {
        FallbackRouter r = new FallbackRouter(List.of(new FallbackRouter.Step("UPnP", () -> new Refusing()),
                new FallbackRouter.Step("PCP", () -> new Named("PCP"), false)), new PrintWriter(err), false);

        HomeportException e = assertThrows(HomeportException.class,
                () -> r.add(PortMapping.of(23, Protocol.TCP, "192.0.2.10", 23, "homeport x", 3600)));

        assertEquals("port 23 is not allowed", e.getMessage());
        assertEquals("", err.toString());
    }

    /** A router that refuses every add. */
    private static final class Refusing implements Router {
        @Override
        public String describe() {
            return "UPnP";
        }

        @Override
        public String externalAddress() {
            return "11.7.0.2";
        }

        @Override
        public List<PortMapping> list() {
            return List.of();
        }

        @Override
        public Optional<PortMapping> find(int externalPort, Protocol protocol) {
            return Optional.empty();
        }

        @Override
        public AddResult add(PortMapping wanted) {
            throw new HomeportException(Kind.ROUTER_REFUSED, "port 23 is not allowed");
        }

        @Override
        public RemoveResult remove(int externalPort, Protocol protocol, String internalClient) {
            return new RemoveResult.Absent();
        }
    }

    /** A router that only has a name. */
    private record Named(String describe) implements Router {
        @Override
        public String externalAddress() {
            return "11.7.0.2";
        }

        @Override
        public List<PortMapping> list() {
            return List.of();
        }

        @Override
        public Optional<PortMapping> find(int externalPort, Protocol protocol) {
            return Optional.empty();
        }

        @Override
        public AddResult add(PortMapping wanted) {
            return new AddResult.Added(wanted);
        }

        @Override
        public RemoveResult remove(int externalPort, Protocol protocol, String internalClient) {
            return new RemoveResult.Absent();
        }
    }
}
