package dev.homeport.config;

import dev.homeport.core.HomeportException;
import java.nio.file.Path;

/** An invalid config file. The message names the file, the line and the key. */
public final class ConfigException extends HomeportException {
    private final Path file;
    private final int line;
    private final String key;

    /**
     * @param line 1-based, or 0 when the problem is the file as a whole
     * @param key  dotted path such as {@code forwards[0].port}, or empty
     */
    public ConfigException(Path file, int line, String key, String problem, String hint) {
        super(Kind.CONFIG, format(file, line, key, problem), hint);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    private static String format(Path file, int line, String key, String problem) {
        StringBuilder b = new StringBuilder().append(file);
        if (line > 0) b.append(':').append(line);
        b.append(": ");
        if (key != null && !key.isEmpty()) b.append(key).append(": ");
        return b.append(problem).toString();
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String key() {
        return key;
    }
}
