package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point: the only place homeport calls {@code System.exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        hardenXml();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Services services = Services.system(out, err, System.getenv());
        int code;
        try {
            code = run(services, args);
        } finally {
            services.close();
            out.flush();
            err.flush();
        }
        System.exit(code);
    }

    /** Runs one command line against the given services and returns the exit code. */
    static int run(Services services, String... args) {
        dev.homeport.guard.Redactor.startRun();
        GlobalHolder global = new GlobalHolder();
        CommandLine cl = CommandTree.build(new CommandFactory(services, global), args);
        cl.setOut(services.out());
        cl.setErr(services.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        listExitCodes(cl);
        cl.setExitCodeExceptionMapper(ex -> ex instanceof HomeportException h ? ExitCodes.of(h.kind()) : ExitCodes.FAILURE);
        cl.setParameterExceptionHandler((ex, a) -> {
            services.err().println("error: " + oneLine(ex.getMessage()));
            CommandLine c = ex.getCommandLine();
            services.err().println("hint: see '" + c.getCommandSpec().qualifiedName() + " --help'");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            report(services, ex, c.getCommandSpec().qualifiedName(), global.get().stacktrace());
            return ex instanceof HomeportException h ? ExitCodes.of(h.kind()) : ExitCodes.FAILURE;
        });
        return cl.execute(args);
    }

    private static void report(Services services, Exception ex, String command, boolean stacktrace) {
        PrintWriter err = services.err();
        if (ex instanceof HomeportException h) {
            err.println("error: " + oneLine(h.getMessage()));
            String usageHint = h.kind() == HomeportException.Kind.USAGE ? "see '" + command + " --help'" : null;
            h.hint().or(() -> java.util.Optional.ofNullable(usageHint)).ifPresent(hint -> err.println("hint: " + oneLine(hint)));
        } else if (ex instanceof IllegalArgumentException) {
            err.println("error: " + oneLine(ex.getMessage()));
        } else {
            err.println("error: unexpected " + ex.getClass().getSimpleName() + ": " + oneLine(String.valueOf(ex.getMessage())));
            if (!stacktrace) err.println("hint: rerun with --stacktrace and report it");
        }
        if (stacktrace) ex.printStackTrace(err);
        err.flush();
    }

    /** Adds the exit-code list to the usage help of {@code cl} and its subcommands (--help, man pages). */
    static void listExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.describe());
        cl.getSubcommands().values().forEach(Main::listExitCodes);
    }

    static String oneLine(String s) {
        if (s == null) return "";
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /**
     * jUPnP parses device descriptions with the JDK's XML parsers: installing DTD-refusing factories process-wide
     * closes the XXE and entity-expansion door for every parser, ours and the library's, whatever the encoding.
     */
    static void hardenXml() {
        dev.homeport.guard.XmlHardening.install();
    }

    /** Lets the exception handler see the options of the command that ran. */
    static final class GlobalHolder {
        private GlobalOptions options = new GlobalOptions();

        GlobalOptions get() {
            return options;
        }

        void set(GlobalOptions o) {
            options = o;
        }
    }
}
