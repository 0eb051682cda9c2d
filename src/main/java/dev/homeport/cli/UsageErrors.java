package dev.homeport.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How command-line mistakes are told, the same way for every command: one {@code error:} line naming what was typed,
 * a {@code hint:} with "did you mean" when something close exists, else the command's {@code --help}; exit code 2.
 * A bad value always reads {@code OPTION 'VALUE' must be WHAT} ({@link Inputs#mustBe}).
 */
final class UsageErrors {
    private UsageErrors() {
    }

    /** A command group run without its subcommand: usage on stderr, exit 2, like any other usage error. */
    static final class MissingSubcommand extends ParameterException {
        private static final long serialVersionUID = 1L;

        MissingSubcommand(CommandLine group) {
            super(group, "'" + group.getCommandSpec().qualifiedName() + "' needs a subcommand: "
                    + String.join(", ", names(group.getCommandSpec())));
        }
    }

    /** Throws {@link MissingSubcommand} when the command to run is a group (it has subcommands) and help was not asked. */
    static void requireSubcommand(ParseResult parseResult) {
        ParseResult last = parseResult;
        while (last.hasSubcommand()) last = last.subcommand();
        if (last.isUsageHelpRequested() || last.isVersionHelpRequested()) return;
        if (!names(last.commandSpec()).isEmpty()) throw new MissingSubcommand(last.commandSpec().commandLine());
    }

    private static List<String> names(CommandSpec spec) {
        return spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
    }

    /** Whether the raw arguments ask for JSON (the parse may have failed before reaching the option). */
    static boolean asksForJson(String... args) {
        for (String a : args) {
            if (a.equals("--")) return false;
            if (a.equals("--json")) return true;
        }
        return false;
    }

    /** Prints the error and hint, the group's usage for a missing subcommand; returns the failure for --json. */
    static Output.Failure report(ParameterException ex, String[] args, Output output) {
        CommandLine cl = ex.getCommandLine();
        String command = cl.getCommandSpec().qualifiedName();
        ParameterException effective = unknownBeforeMissing(ex);
        String message = message(effective);
        Optional<String> hint = suggestion(effective).or(() -> Optional.of("see '" + command + " --help'"));
        output.err().println("error: " + message);
        hint.ifPresent(h -> output.err().println("hint: " + h));
        if (ex instanceof MissingSubcommand) cl.usage(output.err());
        output.err().flush();
        return new Output.Failure("usage", message, hint);
    }

    /**
     * picocli reports a missing required option before an unknown one; but {@code --prot 888} is a typo for
     * {@code --port}, and naming the typo (with a suggestion) is what helps.
     */
    private static ParameterException unknownBeforeMissing(ParameterException ex) {
        if (!(ex instanceof CommandLine.MissingParameterException)) return ex;
        List<String> unmatched = ex.getCommandLine().getUnmatchedArguments();
        if (unmatched.isEmpty()) return ex;
        return new UnmatchedArgumentException(ex.getCommandLine(), new ArrayList<>(unmatched));
    }

    private static String message(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u) {
            List<String> what = u.getUnmatched();
            String first = what.isEmpty() ? "" : what.get(0);
            boolean option = first.startsWith("-");
            boolean command = !option && !ex.getCommandLine().getCommandSpec().subcommands().isEmpty();
            String kind = option ? "unknown option" : command ? "unknown command" : "unexpected argument";
            return kind + " '" + first + "' for '" + ex.getCommandLine().getCommandSpec().qualifiedName() + "'";
        }
        ArgSpec arg = ex.getArgSpec();
        if (arg != null && ex.getValue() != null && isConversion(ex)) {
            return Inputs.mustBe(label(arg), ex.getValue(), expectation(arg));
        }
        String m = UserText.oneLine(ex.getMessage());
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    private static boolean isConversion(ParameterException ex) {
        return ex.getCause() instanceof CommandLine.TypeConversionException
                || String.valueOf(ex.getMessage()).startsWith("Invalid value for");
    }

    private static String label(ArgSpec arg) {
        return arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
    }

    /** What a value of this argument must be, from its type and label. */
    static String expectation(ArgSpec arg) {
        Class<?> type = arg.type();
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if ("PORT".equals(arg.paramLabel())) return Inputs.PORT_RANGE;
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "a whole number";
        return "a valid " + arg.paramLabel();
    }

    private static Optional<String> suggestion(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) return Optional.empty();
        String typed = u.getUnmatched().get(0).split("=", 2)[0];
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        java.util.Collection<String> names = typed.startsWith("-") ? spec.optionsMap().keySet() : spec.subcommands().keySet();
        List<String> s = closest(typed, names);
        if (s.isEmpty()) s = abbreviated(typed, names);
        if (s.isEmpty()) return Optional.empty();
        return Optional.of("did you mean " + s.stream().map(x -> "'" + x + "'").collect(Collectors.joining(" or "))
                + "? (see '" + spec.qualifiedName() + " --help')");
    }

    /** The names at the smallest edit distance (at most 2, transpositions count 1) from what was typed. */
    static List<String> closest(String typed, java.util.Collection<String> names) {
        int best = 3;
        List<String> found = new ArrayList<>();
        for (String n : names) {
            int d = distance(typed, n);
            if (d > 2) continue;
            if (d < best) {
                best = d;
                found.clear();
            }
            if (d == best) found.add(n);
        }
        return found.stream().limit(2).toList();
    }

    /**
     * The names {@code typed} abbreviates: same first letter, and its letters in the same order ("fwd", "disco",
     * "--prot"). Picocli's own guesses named unrelated commands ("frobnicate": 'router-ddns' or 'watch').
     */
    static List<String> abbreviated(String typed, java.util.Collection<String> names) {
        String t = typed.replaceFirst("^-+", "");
        if (t.length() < 2) return List.of();
        List<String> found = new ArrayList<>();
        for (String n : names) {
            String m = n.replaceFirst("^-+", "");
            if (m.charAt(0) != t.charAt(0)) continue;
            int i = 0;
            for (int j = 0; j < m.length() && i < t.length(); j++) {
                if (m.charAt(j) == t.charAt(i)) i++;
            }
            if (i == t.length()) found.add(n);
        }
        return found.stream().sorted().limit(2).toList();
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
