package dev.homeport.cli;

import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Builds the picocli command tree for one run. When the command line plainly names its subcommand (only the usual
 * global options before it), the tree holds just that branch under a bare {@code homeport} root: picocli builds a
 * command's model by reflection, and the eleven branches a run does not use cost it about 27 ms of a warm cron run's
 * 0.2-0.3 s. Anything else (root help or version, {@code help}, a misspelt or missing subcommand, an unusual option
 * before it) gets the full tree from {@link HomeportCommand}, so its usage, suggestions and errors are unchanged.
 */
final class CommandTree {
    /** Global options allowed before the subcommand on the short path; the first two take a value. */
    private static final Pattern PLAIN_GLOBAL =
            Pattern.compile("--config(=.*)?|--state-dir(=.*)?|-[vq]+|--verbose|--quiet|--json|--stacktrace");

    private CommandTree() {
    }

    static CommandLine build(CommandLine.IFactory factory, String... args) {
        Optional<Class<?>> branch = named(args);
        if (branch.isEmpty()) return new CommandLine(new HomeportCommand(), factory);
        try {
            CommandLine root = new CommandLine(new Root(), factory);
            root.addSubcommand(new CommandLine(factory.create(branch.get()), factory));
            return root;
        } catch (Exception e) {
            // The factory failed for this branch: the full tree reports it exactly as it always did.
            return new CommandLine(new HomeportCommand(), factory);
        }
    }

    /** The subcommand class the arguments name, if they name one plainly. */
    static Optional<Class<?>> named(String... args) {
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            if (!PLAIN_GLOBAL.matcher(args[i]).matches()) return Optional.empty();
            i += args[i].equals("--config") || args[i].equals("--state-dir") ? 2 : 1;
        }
        if (i >= args.length) return Optional.empty();
        for (Class<?> c : HomeportCommand.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (c != CommandLine.HelpCommand.class && command.name().equals(args[i])) return Optional.of(c);
        }
        return Optional.empty();
    }

    /** {@link HomeportCommand} without its subcommand list, which the one branch is added to. */
    @Command(name = "homeport", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
    static final class Root implements Runnable {
        @Mixin
        GlobalOptions global;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(new CommandLine(this), "missing subcommand");
        }
    }
}
