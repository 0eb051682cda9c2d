package dev.homeport.cli;

import dev.homeport.doctor.Check;
import dev.homeport.doctor.Report;
import dev.homeport.doctor.Status;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints doctor's checks: aligned lines as they come (colour only on a terminal), or one JSON document at the end.
 * The JSON shape is documented in docs/doctor.md and only grows by new keys.
 */
final class DoctorPrinter {
    static final int SCHEMA = 1;
    private static final String RESET = "\u001b[0m";

    private final PrintWriter out;
    private final Output output;
    private final boolean json;
    private final boolean colour;
    private final boolean quiet;
    private final int subjectWidth;
    private final int width;
    private final List<String> buffered = new ArrayList<>();

    /**
     * @param subjects every subject that can appear (ports, hostnames), to size the column before the first line
     */
    DoctorPrinter(Output output, boolean colour, List<String> subjects, int width) {
        this.out = output.stdout();
        this.output = output;
        this.json = output.json();
        this.width = width;
        this.colour = colour && !json;
        this.quiet = output.quiet();
        this.subjectWidth = subjects.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Colour only when stdout is a terminal and the user did not ask for none (https://no-color.org). */
    static boolean wantsColour(boolean stdoutIsTerminal, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        String term = env.getOrDefault("TERM", "");
        return stdoutIsTerminal && (noColor == null || noColor.isEmpty()) && !term.equals("dumb");
    }

    /** One check, printed at once (or held back under --quiet until the verdict is known). */
    void check(Check c) {
        if (json) return;
        String line = line(c);
        if (quiet) {
            buffered.add(line);
        } else {
            wrap(line).forEach(out::println);
            out.flush();
        }
    }

    /** The end: the verdict line, or the JSON document. */
    void finish(Report report, int exitCode) {
        if (json) {
            output.document(document(report, exitCode));
        } else if (!quiet || report.blocked()) {
            buffered.forEach(l -> wrap(l).forEach(out::println));
            out.println(verdict(report));
        }
        out.flush();
    }

    /**
     * A long line in the terminal's width (0: as is), broken between words, continued under the evidence column
     * (status and check name are 23 characters).
     */
    List<String> wrap(String line) {
        if (width <= 0 || line.length() <= width || colour) return List.of(line);
        int indent = Math.min(23 + (subjectWidth == 0 ? 0 : subjectWidth + 2), width / 2);
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : line.split(" ")) {
            if (current.length() > indent && current.length() + 1 + word.length() > width) {
                lines.add(current.toString().stripTrailing());
                current = new StringBuilder(" ".repeat(indent));
            }
            if (current.length() > 0 && !current.toString().isBlank()) current.append(' ');
            current.append(word);
        }
        lines.add(current.toString());
        return lines;
    }

    String line(Check c) {
        String status = String.format("%-9s", c.status().label());
        if (colour) status = paint(c.status()) + status + RESET;
        String label = String.format("%-14s", c.name().replace('-', ' '));
        String subject = subjectWidth == 0 ? "" : String.format("%-" + subjectWidth + "s  ", c.subject());
        String fix = c.fix().map(f -> (c.blocking() || c.status() == Status.WARNING ? " -- fix: " : " -- advice: ")
                + UserText.humane(f, 0)).orElse("");
        return (status + label + subject + UserText.humane(c.evidence(), 0) + fix).stripTrailing();
    }

    private String verdict(Report report) {
        long warnings = report.count(Status.WARNING);
        String w = warnings == 0 ? "" : ", " + warnings + " warning" + (warnings == 1 ? "" : "s");
        if (report.blocked()) {
            long problems = report.count(Status.PROBLEM);
            Check first = report.firstProblem().orElseThrow();
            String where = first.name().replace('-', ' ') + (first.subject().isEmpty() ? "" : " " + first.subject());
            String text = "verdict: not reachable: " + problems + " problem" + (problems == 1 ? "" : "s") + w
                    + "; fix the first one (" + where + ") first";
            return colour ? paint(Status.PROBLEM) + text + RESET : text;
        }
        return "verdict: nothing found that blocks reachability" + w + "; still test from outside the LAN to be sure";
    }

    private static String paint(Status s) {
        return switch (s) {
            case OK -> "\u001b[32m";
            case WARNING -> "\u001b[33m";
            case PROBLEM -> "\u001b[1;31m";
            case INFO -> "\u001b[36m";
            case SKIPPED -> "\u001b[2m";
        };
    }

    static Map<String, Object> document(Report report, int exitCode) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("verdict", report.blocked() ? "unreachable" : "ok");
        doc.put("exitCode", exitCode);
        doc.put("problems", report.count(Status.PROBLEM));
        doc.put("warnings", report.count(Status.WARNING));
        doc.put("firstProblem", report.firstProblem().map(DoctorPrinter::toJson));
        List<Object> checks = new ArrayList<>();
        report.checks().forEach(c -> checks.add(toJson(c)));
        doc.put("checks", checks);
        report.firstProblem().filter(c -> report.blocked()).ifPresent(c -> doc.put("error", new Output.Failure("unreachable",
                c.name() + " " + c.subject() + ": " + c.evidence(), c.fix()).toJson()));
        return doc;
    }

    private static Map<String, Object> toJson(Check c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", c.name());
        m.put("subject", c.subject());
        m.put("status", c.status().label());
        m.put("evidence", c.evidence());
        m.put("fix", c.fix());
        return m;
    }
}
