package dev.homeport.cli;

import dev.homeport.logging.LogLevels;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes: verbosity, quiet, JSON, stack traces (their effect is {@link Output}'s). */
final class GlobalOptions {
    private int verbosity;
    private boolean quiet;
    private boolean stacktrace;
    private boolean json;
    private Path config;
    private Path stateDir;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Config file (default: ~/.config/homeport/homeport.yaml, then /etc/homeport/homeport.yaml;"
                    + " $HOMEPORT_CONFIG replaces both).")
    void setConfig(Path file) {
        config = file;
    }

    @Option(names = "--state-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where homeport keeps its state (default: /var/lib/homeport for root, else ~/.local/state/homeport;"
                    + " or $HOMEPORT_STATE_DIR).")
    void setStateDir(Path dir) {
        stateDir = dir;
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "More detail on stderr; -vv for protocol traces (secrets are never shown).")
    void setVerbose(boolean[] flags) {
        verbosity = flags.length;
        LogLevels.verbose(verbosity);
    }

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "No diagnostics, and nothing on success of an action (for cron); a query still prints its answer.")
    void setQuiet(boolean q) {
        quiet = q;
        // -q prints the error, if any, and nothing else: no warning of ours or of a library reaches stderr.
        if (q) LogLevels.quiet();
    }

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print exactly one JSON document on stdout, also on failure (then with \"error\"), with the same exit code.")
    void setJson(boolean j) {
        json = j;
    }

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "Show the stack trace of an error.")
    void setStacktrace(boolean s) {
        stacktrace = s;
    }

    Optional<Path> config() {
        return Optional.ofNullable(config);
    }

    Optional<Path> stateDir() {
        return Optional.ofNullable(stateDir);
    }

    int verbosity() {
        return verbosity;
    }

    boolean quiet() {
        return quiet;
    }

    boolean json() {
        return json;
    }

    boolean stacktrace() {
        return stacktrace || verbosity >= 2;
    }
}
