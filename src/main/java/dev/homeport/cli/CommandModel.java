package dev.homeport.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * What every command's help shares, set in one place for the run, the generated reference (docs/commands.md) and the
 * man pages: the exit-code table in the top-level help only, each command's own codes on one line, examples kept
 * whole (a long one continues on the next line after a {@code \}), and the width of the terminal ({@code COLUMNS}
 * when set, else picocli's detection), option descriptions broken between words only (picocli's own table breaks a
 * path such as {@code ~/.config/...} after its dot).
 */
final class CommandModel {
    static final String SECTION_EXIT_CODES = "homeportExitCodes";
    /** picocli refuses narrower usage help. */
    private static final int MIN_WIDTH = 55;
    private static final int MAX_WIDTH = 200;

    private CommandModel() {
    }

    /** Applies the shared help settings to the whole tree. */
    static void configure(CommandLine cl, Map<String, String> env) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        Optional<Integer> columns = columns(env);
        if (columns.isPresent()) {
            cl.setUsageHelpAutoWidth(false);
            cl.setUsageHelpWidth(columns.get());
        } else {
            cl.setUsageHelpAutoWidth(true);
        }
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.describe());
        sections(cl);
    }

    /** The terminal width the user's shell reports in {@code COLUMNS}, bounded to what help can use. */
    static Optional<Integer> columns(Map<String, String> env) {
        try {
            int n = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
            return n > 0 ? Optional.of(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, n))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void sections(CommandLine cl) {
        UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        if (!keys.contains(SECTION_EXIT_CODES)) keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), SECTION_EXIT_CODES);
        usage.sectionKeys(keys);
        Map<String, CommandLine.IHelpSectionRenderer> renderers = new LinkedHashMap<>(usage.sectionMap());
        renderers.put(UsageMessageSpec.SECTION_KEY_FOOTER, help -> examples(help.commandSpec().usageMessage().footer(),
                help.commandSpec().usageMessage().width()));
        renderers.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> wordWrapped(help, CommandLine.Help::optionList));
        renderers.put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, help -> wordWrapped(help, CommandLine.Help::parameterList));
        renderers.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> wordWrapped(help, CommandLine.Help::commandList));
        renderers.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, help -> paragraphs(help));
        renderers.put(SECTION_EXIT_CODES, help -> exitLine(help.commandSpec().userObject()).map(l -> String.format("%n")
                + wrap(l, help.commandSpec().usageMessage().width(), 2) + String.format("%n")).orElse(""));
        usage.sectionMap(renderers);
        cl.getSubcommands().values().forEach(CommandModel::sections);
    }

    /**
     * A section of picocli's option or parameter table, rendered one row per line (as wide as needed) and then wrapped to
     * the real width between words, continuation lines indented by two like picocli's.
     */
    private static String wordWrapped(CommandLine.Help help, java.util.function.Function<CommandLine.Help, String> section) {
        return rewrap(unwrapped(help, section), help.commandSpec().usageMessage().width());
    }

    /** A section as picocli renders it with no width limit: one line per row or paragraph. */
    private static String unwrapped(CommandLine.Help help, java.util.function.Function<CommandLine.Help, String> section) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        int width = usage.width();
        try {
            usage.width(10_000);
            return section.apply(help);
        } finally {
            usage.width(width);
        }
    }

    /** The command's description, each paragraph filled to the width between words only. */
    private static String paragraphs(CommandLine.Help help) {
        int width = help.commandSpec().usageMessage().width();
        StringBuilder b = new StringBuilder();
        for (String line : unwrapped(help, CommandLine.Help::description).lines().toList()) {
            if (line.isBlank()) {
                b.append(String.format("%n"));
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            String pad = line.substring(0, indent);
            for (String row : words(line, width - indent, width - indent)) b.append(pad).append(row).append(String.format("%n"));
        }
        return b.toString();
    }

    /** Re-wraps the lines of an option table rendered without wrapping: the description column between words only. */
    static String rewrap(String table, int width) {
        List<String> lines = table.lines().toList();
        Map<Integer, Long> starts = lines.stream().map(CommandModel::descriptionStart).filter(i -> i > 0)
                .collect(Collectors.groupingBy(i -> i, Collectors.counting()));
        int column = starts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.stripTrailing();
            if (trimmed.length() <= width || column == 0 || column > width - 12 || descriptionStart(trimmed) != column) {
                b.append(trimmed).append(String.format("%n"));
                continue;
            }
            String head = trimmed.substring(0, column);
            String pad = " ".repeat(column + 2);
            List<String> rows = words(trimmed.substring(column), width - column, width - column - 2);
            for (int i = 0; i < rows.size(); i++) b.append(i == 0 ? head : pad).append(rows.get(i)).append(String.format("%n"));
        }
        return b.toString();
    }

    /** Where the description of a table line starts: after the first run of two spaces past the option names. */
    private static int descriptionStart(String line) {
        if (line.isBlank()) return -1;
        if (line.startsWith("      ") && !line.strip().startsWith("-")) return line.length() - line.stripLeading().length();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S {2,}(?=\\S)").matcher(line);
        return m.find(4) ? m.end() : -1;
    }

    /** Words filled into rows of {@code first} then {@code rest} characters; a word longer than a row is cut after a '/'. */
    private static List<String> words(String text, int first, int rest) {
        List<String> rows = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            int room = rows.isEmpty() ? first : rest;
            if (row.length() > 0 && row.length() + 1 + word.length() > room) {
                rows.add(row.toString());
                row = new StringBuilder();
                room = rest;
            }
            while (row.length() == 0 && word.length() > room) {
                int cut = word.lastIndexOf('/', room - 1) + 1;
                if (cut <= 1) cut = room;
                rows.add(word.substring(0, cut));
                word = word.substring(cut);
                room = rest;
            }
            if (row.length() > 0) row.append(' ');
            row.append(word);
        }
        if (row.length() > 0) rows.add(row.toString());
        return rows;
    }

    /** {@code Exit codes: 0 ok, 2 usage, 4 no-router (all: homeport --help)}, for a command with {@link Exits}. */
    static Optional<String> exitLine(Object command) {
        return exits(command).map(codes -> "Exit codes: " + Arrays.stream(codes).mapToObj(c -> c + " " + ExitCodes.shortName(c))
                .collect(Collectors.joining(", ")) + " (meanings: homeport --help)");
    }

    static Optional<int[]> exits(Object command) {
        if (command == null) return Optional.empty();
        Class<?> type = command instanceof Class<?> c ? c : command.getClass();
        return Optional.ofNullable(type.getAnnotation(Exits.class)).map(Exits::value);
    }

    /**
     * Example lines as written when they fit; a longer one is broken between words only (an option stays with its
     * value), continued after {@code " \"} with a deeper indent, so a URL or path is never cut. A note after the command
     * (three or more spaces) that does not fit beside it goes on its own line above, as a {@code #} comment.
     */
    static String examples(String[] lines, int width) {
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            for (String l : wrapExample(line, width)) b.append(l).append(String.format("%n"));
        }
        return b.toString();
    }

    static List<String> wrapExample(String line, int width) {
        if (line.length() <= width) return List.of(line);
        int indent = line.length() - line.stripLeading().length();
        String lead = line.substring(0, indent);
        List<String> out = new ArrayList<>();
        String command = line.strip();
        String[] note = command.split("\\s{3,}", 2);
        if (note.length == 2 && !note[1].startsWith("-")) {
            out.addAll(comment(lead + "# ", note[1], width));
            command = note[0];
            if ((lead + command).length() <= width) {
                out.add(lead + command);
                return out;
            }
        }
        String pad = " ".repeat(indent + 4);
        StringBuilder current = new StringBuilder(lead);
        boolean lineHasWord = false;
        for (String unit : units(command)) {
            if (lineHasWord && current.length() + 1 + unit.length() + 2 > width) {
                out.add(current.append(" \\").toString());
                current = new StringBuilder(pad);
                lineHasWord = false;
            }
            if (lineHasWord) current.append(' ');
            current.append(unit);
            lineHasWord = true;
        }
        out.add(current.toString());
        return out;
    }

    private static List<String> comment(String prefix, String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder(prefix);
        for (String word : text.split(" +")) {
            if (current.length() > prefix.length() && current.length() + 1 + word.length() > width) {
                out.add(current.toString());
                current = new StringBuilder(prefix);
            }
            if (current.length() > prefix.length()) current.append(' ');
            current.append(word);
        }
        out.add(current.toString());
        return out;
    }

    /** The words of a command line, an option joined with its value ({@code --router URL}). */
    private static List<String> units(String command) {
        List<String> units = new ArrayList<>();
        String[] words = command.split(" +");
        for (int i = 0; i < words.length; i++) {
            boolean takesValue = words[i].startsWith("--") && !words[i].contains("=") && i + 1 < words.length
                    && !words[i + 1].startsWith("-") && !words[i + 1].equals("\\");
            units.add(takesValue ? words[i] + " " + words[++i] : words[i]);
        }
        return units;
    }

    /** A list in the width, broken only after a comma or before a parenthesis, continued with {@code indent} spaces. */
    static String wrap(String text, int width, int indent) {
        StringBuilder b = new StringBuilder();
        StringBuilder current = new StringBuilder();
        for (String word : text.split("(?<=[,:]) | (?=\\()")) {
            if (current.length() > 0 && current.length() + 1 + word.length() > width) {
                b.append(current).append(String.format("%n"));
                current = new StringBuilder(" ".repeat(indent));
            }
            if (!current.toString().isBlank()) current.append(' ');
            current.append(word);
        }
        return b.append(current).toString();
    }
}
