package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;

/** Entry point: the only place homeport calls {@code System.exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // First, before anything else is loaded: the router answers while the rest of the JVM starts.
        Optional<dev.homeport.upnp.SsdpSearch> early = EarlySearch.start(args, System.getenv());
        hardenXml();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Services services = Services.system(out, err, System.getenv());
        services.searchedEarly(early);
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
        return run(services, true, args);
    }

    /** @param quick whether {@link QuickLine} may read the line (tests compare it with picocli's reading) */
    static int run(Services services, boolean quick, String... args) {
        dev.homeport.guard.Redactor.startRun();
        long started = System.nanoTime();
        GlobalHolder global = new GlobalHolder();
        Output output = services.output();
        output.bind(global.get());
        AtomicReference<Output.Failure> failure = new AtomicReference<>();
        CommandFactory factory = new CommandFactory(services, global);
        Optional<QuickLine.Ready> ready = quick ? QuickLine.read(args, factory, global.get()) : Optional.empty();
        int code;
        if (ready.isPresent()) {
            code = execute(ready.get(), output, global.get(), failure);
        } else {
            // Nothing of what QuickLine may have set survives: picocli reads the line from scratch.
            global.set(new GlobalOptions());
            output.bind(global.get());
            code = picocli(factory, services, global, failure, args);
        }
        output.detail("exit " + code + " (" + ExitCodes.describe().getOrDefault(code + "", "?") + ") after "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        output.finish(code, Optional.ofNullable(failure.get()));
        return code;
    }

    /** Runs a command {@link QuickLine} has read, with the exit codes and error reports picocli's run gives it. */
    private static int execute(QuickLine.Ready ready, Output output, GlobalOptions global, AtomicReference<Output.Failure> failure) {
        try {
            if (ready.command() instanceof Callable<?> callable) {
                Object result = callable.call();
                return result instanceof Integer i ? i : ExitCodes.OK;
            }
            ((Runnable) ready.command()).run();
            return ExitCodes.OK;
        } catch (Exception ex) {
            failure.set(report(output, ex, "homeport " + ready.name(), global.stacktrace()));
            return ExitCodes.of(ex);
        }
    }

    private static int picocli(CommandFactory factory, Services services, GlobalHolder global, AtomicReference<Output.Failure> failure,
                               String... args) {
        Output output = services.output();
        CommandLine cl = CommandTree.build(factory, args);
        CommandModel.configure(cl, services.env());
        cl.setOut(output.out()); // help text too: under --json, stdout holds only the document
        cl.setErr(output.err());
        cl.setExitCodeExceptionMapper(ExitCodes::of);
        cl.setParameterExceptionHandler((ex, a) -> {
            if (UsageErrors.asksForJson(args)) global.get().setJson(true);
            failure.set(UsageErrors.report(ex, args, output));
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            failure.set(report(output, ex, c.getCommandSpec().qualifiedName(), global.get().stacktrace()));
            return ExitCodes.of(ex);
        });
        cl.setExecutionStrategy(parseResult -> {
            UsageErrors.requireSubcommand(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cl.execute(args);
    }

    private static Output.Failure report(Output output, Exception ex, String command, boolean stacktrace) {
        PrintWriter err = output.err();
        int verbosity = output.verbosity();
        Output.Failure failure;
        if (ex instanceof HomeportException h) {
            String usageHint = h.kind() == HomeportException.Kind.USAGE ? "see '" + command + " --help'" : null;
            failure = new Output.Failure(ExitCodes.kindName(h.kind()), UserText.humane(h.getMessage(), verbosity),
                    h.hint().or(() -> Optional.ofNullable(usageHint)).map(t -> UserText.humane(t, verbosity)));
        } else if (ex instanceof IllegalArgumentException) {
            failure = new Output.Failure("usage", UserText.humane(ex.getMessage(), verbosity), Optional.of("see '" + command + " --help'"));
        } else {
            failure = new Output.Failure("internal", "unexpected " + ex.getClass().getSimpleName() + ": "
                    + UserText.oneLine(String.valueOf(ex.getMessage())),
                    stacktrace ? Optional.empty() : Optional.of("rerun with --stacktrace and report it"));
        }
        err.println("error: " + failure.message());
        failure.hint().ifPresent(hint -> err.println("hint: " + hint));
        if (stacktrace) ex.printStackTrace(err);
        err.flush();
        return failure;
    }

    static String oneLine(String s) {
        return UserText.oneLine(s);
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
