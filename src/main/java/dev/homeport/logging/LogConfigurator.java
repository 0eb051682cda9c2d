package dev.homeport.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.homeport.guard.OutputBoundary;
import java.util.Map;

/**
 * homeport's Logback configuration, set in code: diagnostics on stderr in a short pattern, the levels of
 * {@link LogLevels} (WARN and up by default; {@code -v}/{@code -vv}/{@code -q} change them).
 *
 * <p>Why code and not {@code logback.xml}: reading the XML costs about 480 logback classes and 30-55 ms of CPU (Joran,
 * its model, a SAX parser); this costs a few classes, and only in a run that logs something ({@link LazyLogProvider}).
 * A user who wants another setup (a file appender for cron runs, say) still can: with
 * {@code -Dlogback.configurationFile=FILE} (e.g. in {@code HOMEPORT_JAVA_OPTS}) this configurator steps aside and
 * logback reads that file as usual.
 *
 * <p>Found by logback through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}, hence public.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%-5level %logger{0}: %msg%n%nopex";

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
        context.getLogger(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME).addAppender(stderr);
        for (Map.Entry<String, Integer> e : LogLevels.startLogback().entrySet()) {
            context.getLogger(e.getKey()).setLevel(Logback.toLogback(e.getValue()));
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
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
            if (thrown != null && LogLevels.traces()) {
                line = line + ThrowableProxyUtil.asString(thrown) + CoreConstants.LINE_SEPARATOR;
            }
            return OutputBoundary.clean(line);
        }
    }
}
