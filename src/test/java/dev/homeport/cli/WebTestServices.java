package dev.homeport.cli;

import dev.homeport.config.ConfigLocator;
import dev.homeport.net.LocalNetwork;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;

/** In-process homeport for the web-admin commands: temporary home and state, no pause between router requests. */
final class WebTestServices {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Services services;
    final Path home;
    private final Path tmp;

    WebTestServices(Path tmp) {
        this.tmp = tmp;
        try {
            home = Files.createDirectories(tmp.resolve("home"));
            Path etc = Files.createDirectories(tmp.resolve("etc"));
            Path route = Files.writeString(tmp.resolve("route"), "Iface\tDestination\tGateway\n");
            services = new Services(new PrintWriter(out, true), new PrintWriter(err, true),
                    Map.of("HOMEPORT_STATE_DIR", tmp.resolve("state").toString(), WebAdminConnector.THROTTLE_ENV, "0"),
                    Clock.systemUTC(), home, new ConfigLocator(home, etc), new LocalNetwork(route));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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

    /** A chmod-600 file holding {@code secret}. */
    Path secretFile(String name, String secret) {
        try {
            Path p = Files.writeString(tmp.resolve(name), secret + "\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
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
