package dev.homeport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time generator (run by the Maven build in {@code prepare-package}, never by the installed tool): writes the
 * man pages as AsciiDoc and the bash completion script from the same command model {@code --help} shows, so neither
 * can drift from the code. picocli-codegen is a {@code provided} dependency: it is on the build's class path and not
 * in the shaded jar, which is why nothing at run time may load this class.
 *
 * <p>Usage: {@code CommandDocs ADOC_DIR COMPLETION_FILE}.
 */
public final class CommandDocs {
    private CommandDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) throw new IllegalArgumentException("usage: CommandDocs ADOC_DIR COMPLETION_FILE");
        CommandLine cl = model();
        Path adoc = Files.createDirectories(Path.of(args[0]));
        int rc = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, cl.getCommandSpec());
        if (rc != 0) throw new IOException("picocli's man page generator failed with exit code " + rc);
        Path completion = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(completion.getParent());
        // Sourced, never run: Debian's bash-completion directory wants no #! line (lintian: bash-completion-with-hashbang).
        String script = AutoComplete.bash("homeport", cl).replaceFirst("\\A#![^\n]*\n", "");
        Files.writeString(completion, script, StandardCharsets.UTF_8);
    }

    /** The full command tree as {@code homeport --help} shows it, exit codes included; nothing is run. */
    static CommandLine model() {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        Services services = Services.system(nowhere, nowhere, Map.of());
        CommandLine cl = new CommandLine(new HomeportCommand(), new CommandFactory(services, new Main.GlobalHolder()));
        CommandModel.configure(cl, Map.of());
        return cl;
    }
}
