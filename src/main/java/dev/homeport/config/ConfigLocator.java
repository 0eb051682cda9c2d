package dev.homeport.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the config file is: {@code --config}, then {@code ~/.config/homeport/homeport.yaml}, then
 * {@code /etc/homeport/homeport.yaml}; {@code $HOMEPORT_CONFIG} replaces those two defaults with one file.
 *
 * @param home     the user's home directory
 * @param etc      the system configuration directory, normally {@code /etc}
 * @param override the one default file named by {@code $HOMEPORT_CONFIG}, if set
 */
public record ConfigLocator(Path home, Path etc, Optional<Path> override) {

    public ConfigLocator(Path home, Path etc) {
        this(home, etc, Optional.empty());
    }

    /** The locator of a run: {@code HOMEPORT_CONFIG} in {@code env}, when set and not blank, is the only default. */
    public static ConfigLocator of(Path home, Path etc, Map<String, String> env) {
        String value = env.get("HOMEPORT_CONFIG");
        return new ConfigLocator(home, etc, value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value)));
    }

    public static ConfigLocator system() {
        return of(Path.of(System.getProperty("user.home")), Path.of("/etc"), System.getenv());
    }

    /** The candidates in lookup order. */
    public List<Path> candidates() {
        return override.map(List::of)
                .orElseGet(() -> List.of(home.resolve(".config/homeport/homeport.yaml"), etc.resolve("homeport/homeport.yaml")));
    }

    /** The explicit file if given, else the first candidate that exists. */
    public Optional<Path> locate(Optional<Path> explicit) {
        if (explicit.isPresent()) return explicit;
        return candidates().stream().filter(Files::exists).findFirst();
    }
}
