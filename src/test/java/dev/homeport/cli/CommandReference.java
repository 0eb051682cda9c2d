package dev.homeport.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes docs/commands.md and docs/exit-codes.md from the command model (the same one the help and the man pages
 * come from), so the reference cannot drift from the code. {@link DocsTest} regenerates and compares them;
 * {@code mvn test -Dtest=DocsTest -Dhomeport.docs.write=true} rewrites them.
 */
final class CommandReference {
    private static final String GENERATED = "<!-- generated from the command model by CommandReference (DocsTest): do not edit -->";

    private CommandReference() {
    }

    /** The full command tree, configured as a run configures it. */
    static CommandLine model(Services services) {
        CommandLine root = new CommandLine(new HomeportCommand(), new CommandFactory(services, new Main.GlobalHolder()));
        CommandModel.configure(root, Map.of("COLUMNS", "100"));
        return root;
    }

    static String commands(CommandLine root) {
        StringBuilder b = new StringBuilder();
        b.append("# Command reference\n\n").append(GENERATED).append("\n\n");
        b.append("Every command also takes the global options of [`homeport`](#homeport), and `--help`. What each exit code")
                .append(" means: [exit codes](exit-codes.md).\n\n");
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        for (CommandLine c : all) {
            String name = c.getCommandSpec().qualifiedName();
            b.append("- [`").append(name).append("`](#").append(anchor(name)).append(")\n");
        }
        b.append('\n');
        for (CommandLine c : all) section(b, c.getCommandSpec());
        return b.toString().stripTrailing() + "\n";
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        if (c.getCommandSpec().name().equals("help")) return;
        out.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, out));
    }

    static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    private static void section(StringBuilder b, CommandSpec spec) {
        b.append("## ").append(spec.qualifiedName()).append("\n\n");
        b.append("```\n").append(synopsis(spec)).append("\n```\n\n");
        for (String d : spec.usageMessage().description()) b.append(d.strip()).append("\n\n");
        if (!spec.subcommands().isEmpty()) {
            b.append("| subcommand | does |\n|---|---|\n");
            spec.subcommands().forEach((n, sub) -> {
                if (!n.equals("help")) {
                    b.append("| [`").append(n).append("`](#").append(anchor(sub.getCommandSpec().qualifiedName())).append(") | ")
                            .append(cell(String.join(" ", sub.getCommandSpec().usageMessage().description()))).append(" |\n");
                }
            });
            b.append('\n');
        }
        List<PositionalParamSpec> params = spec.positionalParameters();
        // Sorted as the help sorts them: reflection gives no stable order of annotated methods.
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.inherited() && !o.usageHelp() && !o.versionHelp())
                .sorted(java.util.Comparator.comparing(o -> o.longestName().replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT)))
                .toList();
        if (!params.isEmpty() || !options.isEmpty()) {
            b.append("| option | meaning |\n|---|---|\n");
            for (PositionalParamSpec p : params) {
                b.append("| `").append(p.paramLabel()).append("` | ").append(cell(String.join(" ", p.description()))).append(" |\n");
            }
            for (OptionSpec o : options) {
                String label = String.join(", ", o.names()) + (o.arity().max() > 0 ? " " + o.paramLabel() : "");
                b.append("| `").append(label).append("` | ").append(cell(String.join(" ", o.description())))
                        .append(o.required() ? " Required." : "").append(" |\n");
            }
            b.append('\n');
        }
        CommandModel.exitLine(spec.userObject()).ifPresent(l -> b.append(l.replace(" (meanings: homeport --help)", "")).append(".\n\n"));
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            b.append("Examples:\n\n```sh\n");
            for (String line : footer) b.append(line.strip().replaceFirst("^(homeport .*?\\S)\\s{3,}(\\S.*)$", "$1  # $2")).append('\n');
            b.append("```\n\n");
        }
    }

    private static String synopsis(CommandSpec spec) {
        CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return help.synopsis(0).stripTrailing();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ").strip();
    }

    static String exitCodes() {
        StringBuilder b = new StringBuilder();
        b.append("# Exit codes\n\n").append(GENERATED).append("\n\n");
        b.append(String.join("\n",
                "The same for every command (also listed by `homeport --help`; each command's help and its entry in the",
                "[command reference](commands.md) name the codes it can return). An error is one line `error: ...` plus,",
                "where homeport knows what to do, a line `hint: ...`; with `--json` the same exit code comes with one JSON",
                "document `{\"error\": {\"kind\", \"message\", \"hint\"}, \"exitCode\": N}`. Stack traces only with",
                "`--stacktrace` or `-vv`.")).append("\n\n");
        b.append("| code | kind | meaning |\n|---|---|---|\n");
        ExitCodes.describe().forEach((code, meaning) -> b.append("| ").append(code).append(" | `")
                .append(ExitCodes.shortName(Integer.parseInt(code))).append("` | ").append(cell(meaning)).append(" |\n"));
        return b.toString();
    }
}
