package dev.homeport.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one output contract of every command, so a command added later gets it without doing anything:
 * <ul>
 *   <li>{@code --json}: stdout carries exactly one JSON document, also on failure ({@code {"error": {"kind",
 *       "message", "hint"}, "exitCode": N}}); a command's own document gets {@code exitCode} (and {@code error}) added.
 *       Text a command prints while {@code --json} is on goes to stderr, so it can never corrupt the document.</li>
 *   <li>{@code -q}: hides what an action did ({@link #report}) and warnings ({@link #warn}), never the answer of a
 *       query ({@link #answer}) nor an error.</li>
 *   <li>{@code -v}: {@link #detail} lines on stderr; {@code -vv} adds protocol traces (logging).</li>
 * </ul>
 */
final class Output {
    private final PrintWriter stdout;
    private final PrintWriter stderr;
    private final PrintWriter text;
    private GlobalOptions global = new GlobalOptions();
    private Map<String, Object> document;
    private final java.util.Set<String> detailed = new java.util.HashSet<>();

    Output(PrintWriter stdout, PrintWriter stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.text = new PrintWriter(new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                target().write(buf, off, len);
            }

            @Override
            public void flush() {
                target().flush();
            }

            @Override
            public void close() {
                flush();
            }
        }, true);
    }

    /** The options of this run: known once the command line is parsed. */
    void bind(GlobalOptions options) {
        this.global = options;
    }

    boolean json() {
        return global.json();
    }

    boolean quiet() {
        return global.quiet();
    }

    int verbosity() {
        return global.verbosity();
    }

    /** Where a command's text goes: stdout, or stderr while {@code --json} owns stdout. */
    PrintWriter out() {
        return text;
    }

    /** Diagnostics: always stderr. */
    PrintWriter err() {
        return stderr;
    }

    /** The raw stdout, for help and version text only. */
    PrintWriter stdout() {
        return stdout;
    }

    private PrintWriter target() {
        return json() ? stderr : stdout;
    }

    /** The answer of a query (an address, a table): printed in text mode, also under {@code -q}. */
    void answer(String line) {
        if (!json()) stdout.println(line);
    }

    /** What an action did: printed in text mode unless {@code -q}. */
    void report(String line) {
        if (!json() && !quiet()) stdout.println(line);
    }

    /** A warning on stderr, unless {@code -q}. */
    void warn(String message) {
        if (!quiet()) stderr.println("warning: " + UserText.humane(message, verbosity()));
    }

    /** Detail shown with {@code -v} (on stderr, so it never mixes with an answer); each line once per run. */
    void detail(String line) {
        if (verbosity() > 0 && detailed.add(line)) stderr.println(line);
    }

    /** Sets this run's JSON document (printed once, at the end, only under {@code --json}). */
    void document(Map<String, Object> doc) {
        this.document = new LinkedHashMap<>(doc);
    }

    /** Whether a failure happened after the command set its document (the document then carries the error). */
    boolean hasDocument() {
        return document != null;
    }

    /**
     * Ends the run: under {@code --json}, prints the one document with {@code exitCode}, and {@code error} when the run
     * failed.
     */
    void finish(int exitCode, Optional<Failure> failure) {
        if (json()) {
            Map<String, Object> doc = document == null ? new LinkedHashMap<>() : document;
            failure.ifPresent(f -> doc.put("error", f.toJson()));
            doc.put("exitCode", exitCode);
            stdout.println(Json.write(doc));
        }
        stdout.flush();
        stderr.flush();
    }

    /** A failure as the JSON error object shows it. */
    record Failure(String kind, String message, Optional<String> hint) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            m.put("message", message);
            m.put("hint", hint);
            return m;
        }
    }
}
