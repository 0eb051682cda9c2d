package dev.homeport.pcp;

import dev.homeport.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.reassert.Plan;
import dev.homeport.reassert.Reconciler;
import dev.homeport.reassert.Report;
import dev.homeport.reassert.Step;
import dev.homeport.state.StateStore;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reassert's rules over PCP: the lifetime left is what homeport holds, renewed when less than half is left. */
class ReassertOverPcpTest {
    private static final String ME = "127.0.0.1";
    @TempDir
    Path dir;
    private FakeGateway gw;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T06:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        gw = new FakeGateway();
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    private Report reassert() {
        InetAddress me = InetAddress.getLoopbackAddress();
        PcpClient pcp = new PcpClient(new UdpTransport(gw.address(), Optional.empty()), me, PcpClientTest.FAST, clock);
        StateStore store = new StateStore(dir);
        PortControlRouter router = new PortControlRouter(new PcpMapper(pcp, Optional.empty(), new SecureRandom()),
                new HeldMappings(store), clock, ME);
        Plan plan = new Plan(ME, List.of(new Plan.Wanted("blog", PortMapping.of(888, Protocol.TCP, ME, 888, "homeport blog", 604_800))));
        return new Reconciler(router, Optional.empty(), store).run(plan, false, false);
    }

    private void wait(Duration d) {
        clock.advance(d);
        gw.epoch.addAndGet(d.toSeconds());
    }

    @Test
    void renewsAtHalfTheGrantedLifetimeWithTheSameNonce() {
        assertEquals(Step.Action.ADDED, reassert().steps().get(0).action());
        String nonce = gw.tableCopy().get("tcp888").nonceHex();

        wait(Duration.ofHours(11));
        assertEquals(Step.Action.OK, reassert().steps().get(0).action(), "13 of 24 hours left");

        wait(Duration.ofHours(2));
        assertEquals(Step.Action.RENEWED, reassert().steps().get(0).action(), "11 of 24 hours left");
        assertEquals(nonce, gw.tableCopy().get("tcp888").nonceHex());
    }
}
