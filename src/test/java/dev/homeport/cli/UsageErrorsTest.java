package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hint under a mistyped command or option: a close name, an abbreviated one, or only the help. */
class UsageErrorsTest {
    private static final List<String> COMMANDS = List.of("forward", "unforward", "list", "external-ip", "discover", "ddns",
            "config", "reassert", "watch", "profiles", "router-ddns", "doctor");

    @TempDir
    Path tmp;

    @Test
    void anAbbreviationNamesTheCommandsItAbbreviatesAndAnUnrelatedWordNamesNone() {
        assertEquals(List.of("forward"), UsageErrors.abbreviated("fwd", COMMANDS));
        assertEquals(List.of("discover"), UsageErrors.abbreviated("disco", COMMANDS));
        assertEquals(List.of("--port", "--protocol"), UsageErrors.abbreviated("--prt", List.of("--json", "--port", "--protocol")));
        assertEquals(List.of(), UsageErrors.abbreviated("frobnicate", COMMANDS));
        assertEquals(List.of(), UsageErrors.abbreviated("x", COMMANDS), "one letter says too little");
        assertEquals(List.of(), UsageErrors.abbreviated("--prot", List.of("--json", "--quiet")));
    }

    @Test
    void aCloseNameIsAtMostTwoEditsAway() {
        assertEquals(List.of("--json"), UsageErrors.closest("--jsn", List.of("--json", "--quiet")));
        assertEquals(List.of(), UsageErrors.closest("--prot", List.of("--json", "--quiet")), "three edits from --json");
    }

    private String lastErrorLine(String... args) {
        TestServices t = new TestServices(tmp);
        assertEquals(2, t.run(args));
        return t.err().lines().reduce((x, y) -> y).orElse("");
    }

    @Test
    void theHintOfAMistypedCommandLine() {
        assertEquals("hint: did you mean 'forward'? (see 'homeport --help')", lastErrorLine("forwrd"));
        assertEquals("hint: did you mean 'forward'? (see 'homeport --help')", lastErrorLine("fwd", "--port", "888"));
        assertEquals("hint: see 'homeport --help'", lastErrorLine("frobnicate"));
        assertEquals("hint: see 'homeport --help'", lastErrorLine("--prot", "7"));
        assertEquals("hint: did you mean '--port'? (see 'homeport forward --help')", lastErrorLine("forward", "--prot", "7"));
    }
}
