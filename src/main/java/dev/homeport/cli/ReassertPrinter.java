package dev.homeport.cli;

import dev.homeport.reassert.Report;
import dev.homeport.reassert.Step;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How a reassert run is shown: nothing when nothing changed, one line per change on stdout ({@code -q}: none), every
 * check with {@code -v}, problems as {@code error:}/{@code hint:} lines on stderr whatever the verbosity, or one
 * JSON document with {@code --json}.
 */
final class ReassertPrinter {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean verbose;
    private final boolean json;
    private final Consumer<Map<String, Object>> document;

    ReassertPrinter(PrintWriter out, PrintWriter err, boolean quiet, boolean verbose, boolean json) {
        this(out, err, quiet, verbose, json, doc -> out.println(Json.write(doc)));
    }

    /** @param document receives the JSON document under --json ({@link Output#document}) */
    ReassertPrinter(PrintWriter out, PrintWriter err, boolean quiet, boolean verbose, boolean json,
                    Consumer<Map<String, Object>> document) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.verbose = verbose;
        this.json = json;
        this.document = document;
    }

    /** Prints the report and returns the exit code it stands for. */
    int print(Report report) {
        if (json) {
            document.accept(json(report));
        } else {
            if (verbose) {
                out.println("router: " + report.router() + (report.thisHost().isEmpty() ? "" : " (this host: " + report.thisHost() + ")"));
            }
            for (Step s : report.steps()) {
                if (!s.failed() && ((s.changed() && !quiet) || verbose)) out.println(s.message());
            }
            if (report.dryRun() && report.changes().isEmpty() && !quiet) out.println("dry run: nothing would change");
        }
        for (Step s : report.problems()) {
            err.println("error: " + UserText.humane(s.message(), verbose ? 1 : 0));
            s.hint().ifPresent(h -> err.println("hint: " + UserText.humane(h, 0)));
        }
        out.flush();
        err.flush();
        return exitCode(report);
    }

    static int exitCode(Report report) {
        return report.outcome().map(ExitCodes::of).orElse(ExitCodes.OK);
    }

    private static Map<String, Object> json(Report report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dryRun", report.dryRun());
        doc.put("router", report.router());
        doc.put("thisHost", report.thisHost().isEmpty() ? null : report.thisHost());
        doc.put("externalAddress", report.externalAddress());
        doc.put("inSync", report.inSync());
        doc.put("result", report.outcome().map(k -> k.name().toLowerCase(Locale.ROOT)).orElse("ok"));
        doc.put("exitCode", exitCode(report));
        doc.put("changes", report.changes().size());
        List<Object> steps = new ArrayList<>();
        for (Step s : report.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", s.action().label());
            m.put("subject", s.subject());
            m.put("name", s.name());
            m.put("message", s.message());
            m.put("hint", s.hint());
            m.put("problem", s.problem().map(k -> k.name().toLowerCase(Locale.ROOT)));
            steps.add(m);
        }
        doc.put("steps", steps);
        report.outcome().ifPresent(kind -> report.problems().stream().findFirst().ifPresent(first -> doc.put("error",
                new Output.Failure(ExitCodes.kindName(kind), Main.oneLine(first.message()), first.hint().map(Main::oneLine)).toJson())));
        return doc;
    }
}
