package dev.homeport.cli;

import dev.homeport.config.ConfigLocator;
import dev.homeport.net.LocalNetwork;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** Runs homeport in-process against a temporary home and state directory, capturing what it prints. */
final class TestServices {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Services services;
    final Path stateDir;

    TestServices(Path tmp) {
        try {
            Path home = Files.createDirectories(tmp.resolve("home"));
            Path etc = Files.createDirectories(tmp.resolve("etc"));
            stateDir = tmp.resolve("state");
            // No default route: discovery (never reached by these tests) would have nothing to prefer.
            Path route = Files.writeString(tmp.resolve("route"), "Iface\tDestination\tGateway\n");
            services = new Services(new PrintWriter(out, true), new PrintWriter(err, true),
                    Map.of("HOMEPORT_STATE_DIR", stateDir.toString()), Clock.systemUTC(), home, new ConfigLocator(home, etc),
                    new LocalNetwork(route));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one command line; output is appended to {@link #out} and {@link #err}. */
    int run(String... args) {
        return Main.run(services, args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    void reset() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }
}
