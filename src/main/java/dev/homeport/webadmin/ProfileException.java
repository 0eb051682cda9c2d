package dev.homeport.webadmin;

import dev.homeport.core.HomeportException;

/** An invalid profile file. The message names the file, the line and the key, like config errors do. */
public final class ProfileException extends HomeportException {
    private final String file;
    private final int line;
    private final String key;

    /**
     * @param line 1-based, or 0 when the problem is the file as a whole
     * @param key  dotted path such as {@code forward.steps[2].submit.form}, or empty
     */
    ProfileException(String file, int line, String key, String problem, String hint) {
        super(Kind.CONFIG, format(file, line, key, problem), hint);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    private static String format(String file, int line, String key, String problem) {
        StringBuilder b = new StringBuilder().append(file);
        if (line > 0) b.append(':').append(line);
        b.append(": ");
        if (key != null && !key.isEmpty()) b.append(key).append(": ");
        return b.append(problem).toString();
    }

    /** The file the problem is in (a family file when the error is in what a profile extends). */
    public String file() {
        return file;
    }

    /** 1-based line, or 0. */
    public int line() {
        return line;
    }

    /** The dotted key, or empty. */
    public String key() {
        return key;
    }
}
