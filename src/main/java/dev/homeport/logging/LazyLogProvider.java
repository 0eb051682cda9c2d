package dev.homeport.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J's provider in homeport: loggers that start Logback only when something is logged at an enabled level.
 *
 * <p>Why: binding Logback directly initialised it, about 210 classes, in every run, although a normal run logs
 * nothing (docs/performance.md). SLF4J finds this class through {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider};
 * the shaded jar leaves out Logback's own entry, so this is the only provider. On a class path with Logback's jar
 * too (the tests), {@code -Dslf4j.provider=dev.homeport.logging.LazyLogProvider} picks it.
 */
public final class LazyLogProvider implements SLF4JServiceProvider {
    private ILoggerFactory loggers;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        loggers = new LazyLoggerFactory();
        markers = new BasicMarkerFactory();
        mdc = new BasicMDCAdapter();
    }
}
