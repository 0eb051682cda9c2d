package dev.homeport.ddns;

import dev.homeport.testing.MutableClock;
import dev.homeport.config.Config;
import dev.homeport.net.HttpClients;
import dev.homeport.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** Builds updaters against a {@link FakeProvider} with a state directory and a hand-moved clock. */
final class Kit {
    static final String PASSWORD = "s3cret-Pa55word";
    static final Instant START = Instant.parse("2026-11-27T09:00:00Z");

    final Path dir;
    final StateStore store;
    final MutableClock clock = new MutableClock(START);
    final OkHttpClient http = HttpClients.create("test").newBuilder().readTimeout(Duration.ofMillis(700))
            .callTimeout(Duration.ofSeconds(3)).build();
    final Path secret;

    Kit(Path dir) throws IOException {
        this.dir = dir;
        this.store = new StateStore(dir.resolve("state"));
        this.secret = writeSecret("ddns.secret", PASSWORD);
    }

    Path writeSecret(String name, String value) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, value + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    static Config.Ddns ddns(String provider, String server, List<String> hosts, Path secret) {
        return new Config.Ddns(provider, Optional.ofNullable(server), false, hosts, Optional.of("pete"), Optional.of(secret),
                Optional.empty(), "router", Optional.empty());
    }

    Config config(Config.Ddns ddns) {
        return new Config(dir.resolve("homeport.yaml"), Config.RouterSettings.defaults(), List.of(), Optional.of(ddns));
    }

    DdnsUpdater updater(FakeProvider p, String... hosts) {
        return updater(ddns("dyndns2", p.base(), List.of(hosts), secret));
    }

    DdnsUpdater updater(Config.Ddns ddns) {
        return DdnsUpdater.create(config(ddns), Map.of(), http, store, clock);
    }

    Map<String, String> state() {
        return store.read("ddns").orElse(Map.of());
    }
}
