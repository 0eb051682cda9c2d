package dev.homeport.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import org.slf4j.spi.LocationAwareLogger;

/**
 * Logback, started the first time it is needed: for the first event at an enabled level, or at once when a user's
 * {@code -Dlogback.configurationFile} decides everything. The only class of homeport that names Logback's logger
 * types outside its configuration, so loading the rest of this package loads none of Logback.
 */
public final class Logback {
    private Logback() {
    }

    /** Started by the JVM's class initialisation: once, thread-safe, on first use. */
    private static final class Running {
        static final LoggerContext CONTEXT = start();

        private static LoggerContext start() {
            LogbackServiceProvider provider = new LogbackServiceProvider();
            provider.initialize();  // runs LogConfigurator (its Configurator SPI), or the user's file
            LogLevels.startLogback();
            return (LoggerContext) provider.getLoggerFactory();
        }
    }

    /** The running Logback context, started if it was not yet (tests attach their appenders to it). */
    public static LoggerContext context() {
        return Running.CONTEXT;
    }

    static LocationAwareLogger logger(String name) {
        return context().getLogger(name);
    }

    static void setLevel(String name, int level) {
        context().getLogger(name).setLevel(toLogback(level));
    }

    /** Back to its parent's level (Logback's null level; never the root's). */
    static void inherit(String name) {
        context().getLogger(name).setLevel(null);
    }

    /** Every logger with a level of its own, and the root, to OFF. */
    static void silence() {
        LoggerContext context = context();
        for (Logger l : context.getLoggerList()) {
            if (l.getLevel() != null) l.setLevel(Level.OFF);
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
    }

    static Level toLogback(int level) {
        return level == LogLevels.OFF ? Level.OFF : Level.fromLocationAwareLoggerInteger(level);
    }
}
