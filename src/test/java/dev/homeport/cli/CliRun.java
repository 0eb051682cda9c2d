package dev.homeport.cli;

import dev.homeport.config.ConfigLocator;
import dev.homeport.net.LocalNetwork;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Runs the command line in-process, as {@code Main} would, with stdout and stderr captured, a home directory of the
 * test's choosing (so the default config lookup never sees the real one) and an explicit environment.
 */
final class CliRun {
    record Result(int exitCode, String stdout, String stderr) {
    }

    private CliRun() {
    }

    static Result run(Path home, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Services services = new Services(new PrintWriter(out, true), new PrintWriter(err, true), env, Clock.systemUTC(), home,
                new ConfigLocator(home, home.resolve("etc")), LocalNetwork.system());
        try {
            int code = Main.run(services, args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            services.close();
        }
    }
}
