package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.HomeportException.Kind;
import dev.homeport.reassert.Report;
import dev.homeport.reassert.Step;
import dev.homeport.reassert.Step.Action;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code homeport reassert} prints for a run's report, and the exit code it returns. */
class ReassertPrinterTest {
    static final Step OK = step(Action.OK, "ok 888/tcp -> 192.0.2.10:888 (blog, 6d left)");
    static final Step ADDED = step(Action.ADDED, "added 7777/udp -> 192.0.2.10:7777 (game, lease 7d)");
    static final Step DNS_SAME = step(Action.DNS_UNCHANGED, "dns: unchanged: a.example.org already points at 11.7.0.2");
    static final Step CONFLICT = new Step(Action.CONFLICT, "999/tcp", "other", "conflict 999/tcp: held by 192.0.2.11:999",
            Optional.of("free the port"), Optional.of(Kind.CONFLICT));
    static final Step HELD = new Step(Action.DNS_HELD, "dns", "a.example.org", "dns: ddns updates held until 10:30 UTC: 911",
            Optional.of("wait"), Optional.of(Kind.DDNS_BLOCKED));

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    static Step step(Action a, String message) {
        return new Step(a, "x", "x", message, Optional.empty(), Optional.empty());
    }

    static Report report(boolean dryRun, Step... steps) {
        return new Report(dryRun, "UPnP IGD:2 on Lab Router", "192.0.2.10", Optional.of("11.7.0.2"), List.of(steps));
    }

    int print(Report r, boolean quiet, boolean verbose, boolean json) {
        return new ReassertPrinter(new PrintWriter(out), new PrintWriter(err), quiet, verbose, json).print(r);
    }

    @Test
    void printsNothingWhenNothingChanged() {
        assertEquals(0, print(report(false, OK, DNS_SAME), false, false, false));
        assertEquals("", out + "" + err);
    }

    @Test
    void printsOneLinePerChangeAndWithVerboseEveryCheck() {
        assertEquals(0, print(report(false, OK, ADDED, DNS_SAME), false, false, false));
        assertEquals("added 7777/udp -> 192.0.2.10:7777 (game, lease 7d)\n", out.toString());
        out.getBuffer().setLength(0);
        print(report(false, OK, ADDED, DNS_SAME), false, true, false);
        assertEquals(List.of("router: UPnP IGD:2 on Lab Router (this host: 192.0.2.10)", OK.message(), ADDED.message(),
                DNS_SAME.message()), out.toString().lines().toList());
    }

    @Test
    void quietHidesChangesButNeverProblems() {
        assertEquals(6, print(report(false, ADDED, CONFLICT), true, false, false));
        assertEquals("", out.toString());
        assertEquals("error: conflict 999/tcp: held by 192.0.2.11:999\nhint: free the port\n", err.toString());
    }

    @Test
    void exitsWithTheConflictCodeBeforeTheDnsCode() {
        assertEquals(6, print(report(false, HELD, CONFLICT), false, false, false));
        assertEquals(List.of("error: " + HELD.message(), "hint: wait", "error: " + CONFLICT.message(), "hint: free the port"),
                err.toString().lines().toList(), "every problem is reported, in the order met");
        err.getBuffer().setLength(0);
        assertEquals(9, print(report(false, ADDED, HELD), false, false, false));
        assertEquals(List.of("error: " + HELD.message(), "hint: wait"), err.toString().lines().toList());
    }

    @Test
    void saysSoWhenADryRunWouldChangeNothing() {
        print(report(true, OK), false, false, false);
        assertEquals("dry run: nothing would change\n", out.toString());
    }

    @Test
    void printsOneJsonDocumentWithEveryStepTheResultAndTheExitCode() {
        assertEquals(6, print(report(false, OK, CONFLICT), false, false, true));
        String json = out.toString();
        assertEquals(1, json.lines().count());
        assertTrue(json.startsWith("{\"dryRun\":false,\"router\":\"UPnP IGD:2 on Lab Router\",\"thisHost\":\"192.0.2.10\","
                + "\"externalAddress\":\"11.7.0.2\",\"inSync\":false,\"result\":\"conflict\",\"exitCode\":6,\"changes\":0,\"steps\":["
                + "{\"action\":\"ok\","), json);
        assertTrue(json.contains("{\"action\":\"conflict\",\"subject\":\"999/tcp\",\"name\":\"other\",\"message\":\"conflict 999/tcp:"
                + " held by 192.0.2.11:999\",\"hint\":\"free the port\",\"problem\":\"conflict\"}"), json);
        assertEquals("error: conflict 999/tcp: held by 192.0.2.11:999\nhint: free the port\n", err.toString());
    }
}
