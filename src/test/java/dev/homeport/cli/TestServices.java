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
    final Path home;
    private final Path tmp;

    TestServices(Path tmp) {
        this(tmp, Map.of());
    }

    /** @param extraEnv more environment, e.g. no pause between web-admin requests */
    TestServices(Path tmp, Map<String, String> extraEnv) {
        this.tmp = tmp;
        try {
            home = Files.createDirectories(tmp.resolve("home"));
            Path etc = Files.createDirectories(tmp.resolve("etc"));
            stateDir = tmp.resolve("state");
            // No default route: discovery (never reached by these tests) would have nothing to prefer.
            Path route = Files.writeString(tmp.resolve("route"), "Iface\tDestination\tGateway\n");
            Map<String, String> env = env(stateDir, extraEnv);
            services = new Services(new PrintWriter(out, true), new PrintWriter(err, true),
                    env, Clock.systemUTC(), home, ConfigLocator.of(home, etc, env), new LocalNetwork(route));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> env(Path stateDir, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("HOMEPORT_STATE_DIR", stateDir.toString());
        return env;
    }

    /** Runs one command line; output is appended to {@link #out} and {@link #err}. */
    int run(String... args) {
        return Main.run(services, args);
    }

    /** Runs one command line read by picocli alone, never by {@link QuickLine}. */
    int runWithPicocli(String... args) {
        return Main.run(services, false, args);
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

    /** A chmod-600 file holding {@code secret}. */
    Path secretFile(String name, String secret) {
        try {
            Path p = Files.writeString(tmp.resolve(name), secret + "\n");
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The user's profile directory (~/.config/homeport/profiles), created. */
    Path userProfiles() {
        try {
            return Files.createDirectories(home.resolve(".config/homeport/profiles"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
