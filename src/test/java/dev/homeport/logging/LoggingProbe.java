package dev.homeport.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A run in a fresh JVM for {@link LogbackStartTest}: logs what its arguments say, then reports on Logback. */
public final class LoggingProbe {
    private LoggingProbe() {
    }

    public static void main(String[] args) {
        Logger ours = LoggerFactory.getLogger("dev.homeport.upnp.Probe");
        Logger jupnp = LoggerFactory.getLogger("org.jupnp.transport.Probe");
        for (String a : args) {
            switch (a) {
                case "-v" -> LogLevels.verbose(1);
                case "-q" -> LogLevels.quiet();
                case "debug" -> ours.debug("debug from homeport");
                case "warn" -> ours.warn("warning from homeport");
                default -> throw new IllegalArgumentException(a);
            }
        }
        // What a normal run does: checks levels, logs below them.
        ours.info("info from homeport");
        ours.debug("debug from homeport");
        jupnp.warn("warning from jupnp");
        System.out.println("logback started: " + LogLevels.logbackStarted());
    }
}
