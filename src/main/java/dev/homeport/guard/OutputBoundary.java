package dev.homeport.guard;

import java.io.IOException;
import java.io.Writer;

/**
 * A {@link Writer} in front of stdout or stderr that passes each line through the run's {@link Redactor} and
 * {@link TerminalText#visible}: the one place every printed byte goes through. Text is held until a line ends or the
 * writer is flushed, so a secret printed in pieces is still seen whole.
 */
public final class OutputBoundary extends Writer {
    private final Writer out;
    private final StringBuilder pending = new StringBuilder();

    public OutputBoundary(Writer out) {
        this.out = out;
    }

    /** What the boundary does to one piece of text: redact, then make control characters visible. */
    public static String clean(String text) {
        return TerminalText.visible(Redactor.current().redact(text));
    }

    @Override
    public synchronized void write(char[] cbuf, int off, int len) throws IOException {
        pending.append(cbuf, off, len);
        int nl = pending.lastIndexOf("\n");
        if (nl >= 0) {
            out.write(clean(pending.substring(0, nl + 1)));
            pending.delete(0, nl + 1);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (pending.length() > 0) {
            out.write(clean(pending.toString()));
            pending.setLength(0);
        }
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        out.close();
    }
}
