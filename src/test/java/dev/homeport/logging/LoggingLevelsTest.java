package dev.homeport.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.guard.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What reaches stderr at each verbosity, through SLF4J as homeport and its libraries log (in this JVM). */
class LoggingLevelsTest {
    private final Logger ours = LoggerFactory.getLogger("dev.homeport.upnp.Probe");
    private final Logger jupnp = LoggerFactory.getLogger("org.jupnp.transport.Probe");
    private final Logger dnsjava = LoggerFactory.getLogger("org.xbill.DNS.Probe");
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream realErr;

    @BeforeEach
    void captureStderr() {
        LogLevels.restoreDefaults();
        realErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(realErr);
        LogLevels.restoreDefaults();
        Redactor.startRun();
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyLoggerOfTheProcessIsHomeportsLazyOne() {
        assertInstanceOf(LazyLogger.class, ours);
        assertInstanceOf(LazyLoggerFactory.class, LoggerFactory.getILoggerFactory());
    }

    @Test
    void warningsReachStderrInTheShortPatternButInfoDoesNot() {
        ours.info("mapping checked");
        ours.warn("router said {}", "no");

        assertEquals("WARN  Probe: router said no" + System.lineSeparator(), stderr());
    }

    @Test
    void jupnpSpeaksOnlyAtErrorByDefault() {
        jupnp.warn("bad description from 192.168.1.7");
        jupnp.error("stream failed");

        assertFalse(stderr().contains("bad description"), stderr());
        assertTrue(stderr().contains("ERROR Probe: stream failed"), stderr());
    }

    @Test
    void verboseShowsInfoButNotDebug() {
        LogLevels.verbose(1);
        ours.info("mapping checked");
        ours.debug("POST /ctl/IPConn");
        jupnp.warn("bad description");

        assertTrue(stderr().contains("INFO  Probe: mapping checked"), stderr());
        assertFalse(stderr().contains("POST"), stderr());
        assertFalse(stderr().contains("bad description"), "jUPnP's warnings wait for -vv: " + stderr());
    }

    @Test
    void veryVerboseShowsDebugJupnpWarningsAndStackTracesButNotDnsjavaDebug() {
        LogLevels.verbose(2);
        ours.debug("POST /ctl/IPConn");
        jupnp.warn("bad description");
        dnsjava.debug("TSIG record");
        ours.warn("could not read", new IOException("boom"));

        String text = stderr();
        assertTrue(text.contains("DEBUG Probe: POST /ctl/IPConn"), text);
        assertTrue(text.contains("WARN  Probe: bad description"), text);
        assertFalse(text.contains("TSIG"), "dnsjava stays at WARN: " + text);
        assertTrue(text.contains("java.io.IOException: boom") && text.contains("\tat "), "the trace at -vv: " + text);
    }

    @Test
    void belowVeryVerboseALoggedExceptionCarriesNoStackTrace() {
        ours.warn("could not read", new IOException("boom"));

        assertEquals("WARN  Probe: could not read" + System.lineSeparator(), stderr());
    }

    @Test
    void quietSilencesEverythingEvenErrorsOfLibraries() {
        LogLevels.quiet();
        ours.error("broken");
        jupnp.error("broken too");
        dnsjava.error("and this");

        assertEquals("", stderr());
        assertFalse(ours.isErrorEnabled());
    }

    @Test
    void quietAfterLogbackStartedSilencesItToo() {
        ours.warn("first");
        LogLevels.quiet();
        ours.error("second");

        assertEquals("WARN  Probe: first" + System.lineSeparator(), stderr());
    }

    @Test
    void aSecretInALoggedMessageIsMaskedAndControlCharactersMadeVisible() {
        Redactor.startRun().add("s3cret-token-42");
        ours.warn("provider answered badauth for pete:{} \u001b[31mred", "s3cret-token-42");

        String text = stderr();
        assertFalse(text.contains("s3cret-token-42"), text);
        assertTrue(text.contains("pete:" + Redactor.MASK), text);
        assertFalse(text.contains("\u001b"), text);
    }
}
