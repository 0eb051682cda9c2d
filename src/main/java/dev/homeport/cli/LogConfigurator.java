package dev.homeport.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.homeport.guard.OutputBoundary;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * homeport's logging defaults, set in code: diagnostics on stderr in a short pattern, WARN and up, jUPnP's harmless
 * spec-deviation reports only at ERROR; {@code -v}/{@code -vv} raise the level (see {@link GlobalOptions}).
 *
 * <p>Why code and not {@code logback.xml}: reading the XML costs every run, cron's every-5-minutes reassert included,
 * about 480 logback classes and 30-55 ms of CPU (Joran, its model, a SAX parser); this costs a few classes. A user who
 * wants another setup (a file appender for cron runs, say) still can: with {@code -Dlogback.configurationFile=FILE}
 * (e.g. in {@code HOMEPORT_JAVA_OPTS}) this configurator steps aside and logback reads that file as usual.
 *
 * <p>Found by logback through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}, hence public.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%-5level %logger{0}: %msg%n%nopex";
    /** Stack traces of logged exceptions (jUPnP's WARN traces for bad descriptions) only at -vv. */
    private static volatile boolean traces;

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        GuardedLayout layout = new GuardedLayout();
        layout.setContext(context);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        // jUPnP warns about every bad description a LAN host sends; homeport reports those refusals itself, in its
        // error and under -v, so jUPnP's own warnings appear only at -vv (GlobalOptions).
        context.getLogger("org.jupnp").setLevel(Level.ERROR);
        // jUPnP reports harmless spec deviations of routers (UDA minor version 1.1...) at WARN: noise for a CLI.
        context.getLogger("org.jupnp.util.SpecificationViolationReporter").setLevel(Level.ERROR);
        context.getLogger("okhttp3").setLevel(Level.WARN);
        // dnsjava at DEBUG prints whole messages, TSIG records included: never wanted on a user's terminal.
        context.getLogger("org.xbill").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Lets -vv show the stack traces of logged exceptions; below it a log line never carries one. */
    static void showTraces(boolean show) {
        traces = show;
    }

    /**
     * The short pattern, a trace only at -vv, and every line through the output boundary (redactor, control
     * characters made visible): log lines quote what routers and providers sent.
     */
    static final class GuardedLayout extends PatternLayout {
        @Override
        public String doLayout(ILoggingEvent event) {
            String line = super.doLayout(event);
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null && traces) line = line + ThrowableProxyUtil.asString(thrown) + CoreConstants.LINE_SEPARATOR;
            return OutputBoundary.clean(line);
        }
    }
}
