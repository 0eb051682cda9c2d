package dev.homeport.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {

    @Test
    void logbackFindsItThroughTheServiceLoader() {
        assertTrue(ServiceLoader.load(Configurator.class).stream().anyMatch(p -> p.type() == LogConfigurator.class));
    }

    @Test
    void sendsWarningsToStderrAndQuietsJupnpSpecReports() {
        LoggerContext context = new LoggerContext();
        Configurator.ExecutionStatus status = new LogConfigurator().configure(context);

        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, status);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.WARN, root.getLevel());
        ConsoleAppender<?> stderr = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
        assertEquals("System.err", stderr.getTarget());
        assertTrue(stderr.isStarted());
        assertEquals(Level.ERROR, context.getLogger("org.jupnp").getLevel());
        assertEquals(Level.ERROR, context.getLogger("org.jupnp.util.SpecificationViolationReporter").getLevel());
        assertEquals(Level.WARN, context.getLogger("okhttp3").getLevel());
        assertEquals(Level.WARN, context.getLogger("org.xbill").getLevel());
    }

    @Test
    void stepsAsideForAUserConfigurationFile() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/etc/homeport/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, new LogConfigurator().configure(context));
            assertEquals(null, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
        } finally {
            if (before == null) System.clearProperty("logback.configurationFile");
            else System.setProperty("logback.configurationFile", before);
        }
    }

    @Test
    void theRunningLoggerContextUsesIt() {
        LoggerContext context = Logback.context();
        assertInstanceOf(ConsoleAppender.class, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
    }
}
