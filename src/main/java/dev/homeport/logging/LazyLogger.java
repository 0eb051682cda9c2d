package dev.homeport.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LocationAwareLogger;

/**
 * A logger that answers "enabled?" from {@link LogLevels} and hands an enabled event to its Logback logger, looked
 * up (and Logback started) only then.
 */
final class LazyLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    /** Logback's caller data (a user's {@code %caller}) skips the frames up to the public logging methods. */
    private static final String FQCN = AbstractLogger.class.getName();

    /** The threshold, and in the high half the {@link LogLevels#generation} it was computed for. */
    private transient volatile long cached = -1L << 32;
    private transient volatile LocationAwareLogger delegate;

    LazyLogger(String name) {
        this.name = name;
    }

    private boolean enabled(int level) {
        long c = cached;
        int generation = LogLevels.generation();
        if ((int) (c >>> 32) != generation) {
            int threshold = LogLevels.threshold(name);
            c = ((long) generation << 32) | (threshold & 0xffffffffL);
            cached = c;
        }
        return level >= (int) c;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(LogLevels.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(LogLevels.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(LogLevels.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(LogLevels.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(LogLevels.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return FQCN;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] args, Throwable thrown) {
        LocationAwareLogger d = delegate;
        if (d == null) {
            d = Logback.logger(name);
            delegate = d;
        }
        d.log(marker, FQCN, level.toInt(), message, args, thrown);
    }
}
