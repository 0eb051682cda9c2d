package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every command's help at the widths people use: examples whole, the exit codes where they belong. */
class HelpRenderingTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {60, 160})
    void examplesAreNeverBrokenInsideAWordAndEachCommandNamesItsOwnExitCodes(int columns) {
        for (String command : commands()) {
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            if (command.isEmpty()) args.clear();
            args.add("--help");
            CliRun.Result r = CliRun.run(tmp, Map.of("COLUMNS", columns + ""), args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), command + ": " + r.stderr());
            String help = r.stdout();
            String examples = help.contains("Example") ? help.substring(help.lastIndexOf("Example")) : "";
            for (String line : examples.lines().skip(1).toList()) {
                assertTrue(line.length() <= columns, command + " at " + columns + ": example line too long: " + line);
            }
            for (String token : footerTokens(command)) {
                assertTrue(examples.contains(token), command + " at " + columns + ": example token '" + token + "' broken:\n" + examples);
            }
            if (command.isEmpty()) {
                assertTrue(help.contains("11   another homeport run holds the lock"), "the table is in the top-level help");
            } else {
                assertFalse(help.contains("11   another homeport run"), command + " repeats the exit-code table");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 160})
    void optionDescriptionsBreakBetweenWordsOnlyAndStayInTheWidth(int columns) {
        CommandLine root = CommandReference.model(new TestServices(tmp.resolve("o")).services);
        for (String command : commands()) {
            CommandLine c = root;
            List<String> args = new ArrayList<>();
            if (!command.isEmpty()) {
                for (String w : command.split(" ")) {
                    c = c.getSubcommands().get(w);
                    args.add(w);
                }
            }
            args.add("--help");
            String help = CliRun.run(tmp, Map.of("COLUMNS", columns + ""), args.toArray(String[]::new)).stdout();
            for (String line : help.lines().toList()) {
                assertTrue(line.length() <= columns, command + " at " + columns + ": line too long: " + line);
            }
            String joined = help.replaceAll("\\s+", " ");
            for (String word : String.join(" ", c.getCommandSpec().usageMessage().description()).split("\\s+")) {
                if (word.length() > 24 || word.contains("${") || word.contains("%")) continue;
                assertTrue(joined.contains(word), command + " at " + columns + ": '" + word + "' of the description is broken:\n" + help);
            }
            for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                if (o.hidden()) continue;
                for (String d : o.description()) {
                    for (String word : d.split("\\s+")) {
                        if (word.length() > 24 || word.contains("${") || word.contains("%")) continue;
                        assertTrue(joined.contains(word), command + " at " + columns + ": '" + word + "' of " + o.longestName()
                                + " is broken across lines:\n" + help);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 160})
    void theUsageFollowsTheColumnsOfTheTerminal(int columns) {
        CliRun.Result r = CliRun.run(tmp, Map.of("COLUMNS", columns + ""), "forward", "--help");
        int longest = r.stdout().lines().mapToInt(String::length).max().orElse(0);
        assertTrue(longest <= columns, "longest line " + longest);
        assertTrue(longest > columns - 25, "uses the width: longest line " + longest);
    }

    private List<String> commands() {
        CommandLine root = CommandReference.model(new TestServices(tmp.resolve("m")).services);
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(CommandLine c, List<String> out) {
        if (c.getCommandSpec().name().equals("help")) return;
        out.add(c.getCommandSpec().qualifiedName().replaceFirst("^homeport ?", ""));
        c.getSubcommands().values().forEach(s -> collect(s, out));
    }

    private List<String> footerTokens(String command) {
        CommandLine c = CommandReference.model(new TestServices(tmp.resolve("f")).services);
        if (!command.isEmpty()) {
            for (String w : command.split(" ")) c = c.getSubcommands().get(w);
        }
        List<String> tokens = new ArrayList<>();
        for (String line : c.getCommandSpec().usageMessage().footer()) {
            String cmd = line.strip().split("\\s{3,}")[0];
            for (String t : cmd.split(" +")) {
                if (!t.equals("\\")) tokens.add(t);
            }
        }
        return tokens;
    }
}
