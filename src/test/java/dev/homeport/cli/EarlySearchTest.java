package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlySearchTest {
    @TempDir
    Path state;

    private boolean wanted(String... args) {
        return EarlySearch.wanted(List.of(args), Map.of("HOMEPORT_STATE_DIR", state.toString()), state, "pi");
    }

    @Test
    void aColdForwardOrListSearchesAtTheStart() {
        assertTrue(wanted("forward", "--port", "888"));
        assertTrue(wanted("list", "--via", "upnp"));
        assertTrue(wanted("forward", "--via=auto", "--port", "888"));
    }

    @Test
    void aRememberedGatewayIsAskedDirectlyWithoutASearch() throws IOException {
        Files.writeString(state.resolve("gateway.state"), "x");

        assertFalse(wanted("forward", "--port", "888"));
    }

    @Test
    void theStateDirOptionDecidesWhereTheRememberedGatewayIs() throws IOException {
        Path other = Files.createDirectory(state.resolve("other"));
        Files.writeString(other.resolve("gateway.state"), "x");

        assertFalse(wanted("--state-dir", other.toString(), "list"));
        assertFalse(wanted("--state-dir=" + other, "list"));
        assertTrue(wanted("list"));
    }

    @Test
    void aNamedRouterAnotherWayHelpAndOtherCommandsSendNothing() {
        assertFalse(wanted("forward", "--port", "888", "--router", "http://192.0.2.1:5000/rootDesc.xml"));
        assertFalse(wanted("forward", "--port", "888", "--via", "pcp"));
        assertFalse(wanted("forward", "--via=web", "--port", "888"));
        assertFalse(wanted("forward", "--help"));
        assertFalse(wanted("--version"));
        assertFalse(wanted("doctor"));
        assertFalse(wanted("ddns", "update"));
        assertFalse(wanted("discover"));
        assertFalse(wanted("-q", "reassert"), "the timer's run with a config that sets nothing must send nothing");
        assertFalse(wanted());
    }
}
