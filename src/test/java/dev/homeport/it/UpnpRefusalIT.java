package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 2: what the user sees when the router or the command line says no, and that nothing is damaged. */
class UpnpRefusalIT {
    private static Lab lab;

    @BeforeAll
    static void up() {
        lab = Lab.up();
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void freshRouterAndState() {
        lab.rebootRouter();
        Cli.clear(lab.stateDir("lan"));
    }

    private static void assertPolicyMessage(String error) {
        String e = error.toLowerCase(Locale.ROOT);
        assertTrue(e.contains("polic") || e.contains("refus") || e.contains("not authori"),
                () -> "says the router's policy refused it: " + error);
    }

    /** Leases count down between two looks at the table. */
    private static List<String> withoutLeaseTimes(List<String> mappings) {
        return mappings.stream().map(m -> m.replaceAll("\\s*\\d+$", "")).toList();
    }

    @Test
    void aMappingForAnotherHostIsRefusedBySecureModeWithThePolicyMessage() {
        Lab.Result r = Cli.expectExit(Cli.ROUTER_REFUSED,
                lab.homeport("lan", "forward", "--port", "8889", "--to", "192.0.2.11"));

        assertPolicyMessage(Cli.oneErrorLine(r));
        assertEquals(List.of(), lab.routerMappings());
    }

    @Test
    void aPortTheRoutersRulesDenyIsRefusedWithThePolicyMessage() {
        // IPv4 only: the router's deny rules are IPv4 ones, and its PCP opens an IPv6 pinhole for port 23 (measured).
        Lab.Result r = Cli.expectExit(Cli.ROUTER_REFUSED, lab.homeport("lan", "forward", "--port", "23", "--ip-version", "4"));

        assertPolicyMessage(Cli.oneErrorLine(r));
        assertEquals(List.of(), lab.routerMappings());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "abc", "-1", ""})
    void aBadPortIsAUsageErrorOnOneLine(String port) {
        Lab.Result r = Cli.expectExit(Cli.USAGE, lab.homeport("lan", "forward", "--port", port));

        Cli.oneErrorLine(r);
        assertEquals(List.of(), lab.routerMappings(), "nothing reached the router");
    }

    @Test
    void anUnknownProtocolIsAUsageErrorOnOneLine() {
        Lab.Result r = Cli.expectExit(Cli.USAGE, lab.homeport("lan", "forward", "--port", "888", "--protocol", "sctp"));

        assertTrue(Cli.oneErrorLine(r).contains("sctp"), () -> "names the bad value: " + r);
        assertEquals(List.of(), lab.routerMappings());
    }

    @Test
    void anUnreachableRouterUrlSaysNoRouterOnOneLine() {
        String url = "http://192.0.2.99:5000/rootDesc.xml";
        long start = System.nanoTime();

        Lab.Result r = Cli.expectExit(Cli.NO_ROUTER, lab.homeport("lan", "forward", "--port", "888", "--router", url));

        assertTrue(Cli.oneErrorLine(r).contains("192.0.2.99"), () -> "names the address it tried: " + r);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 30, "gives up in bounded time, took " + seconds + " s");
        assertEquals(List.of(), lab.routerMappings());
    }

    @Test
    void unforwardLeavesAMappingHomeportDidNotMakeAlone() {
        lab.upnpcAdd("lan", "not ours", "192.0.2.10", 9000, "TCP");
        List<String> before = withoutLeaseTimes(lab.routerMappings());

        Lab.Result r = lab.homeport("lan", "unforward", "--port", "9000");

        Cli.expectExit(Cli.NOT_OWNED, r);
        Cli.oneErrorLine(r);
        assertEquals(before, withoutLeaseTimes(lab.routerMappings()));
        assertEquals(1, before.size(), before::toString);
    }
}
