package dev.homeport.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** One {@link LazyLogger} per name; Logback's own loggers when a user's Logback file is in charge. */
final class LazyLoggerFactory implements ILoggerFactory {
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

    @Override
    public Logger getLogger(String name) {
        if (LogLevels.USER_FILE) return Logback.logger(name);
        return loggers.computeIfAbsent(name, LazyLogger::new);
    }
}
