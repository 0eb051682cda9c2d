package dev.homeport.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the config file is: {@code --config}, then {@code ~/.config/homeport/homeport.yaml}, then
 * {@code /etc/homeport/homeport.yaml}.
 *
 * @param home the user's home directory
 * @param etc  the system configuration directory, normally {@code /etc}
 */
public record ConfigLocator(Path home, Path etc) {

    public static ConfigLocator system() {
        return new ConfigLocator(Path.of(System.getProperty("user.home")), Path.of("/etc"));
    }

    /** The candidates in lookup order. */
    public List<Path> candidates() {
        return List.of(home.resolve(".config/homeport/homeport.yaml"), etc.resolve("homeport/homeport.yaml"));
    }

    /** The explicit file if given, else the first candidate that exists. */
    public Optional<Path> locate(Optional<Path> explicit) {
        if (explicit.isPresent()) return explicit;
        return candidates().stream().filter(Files::exists).findFirst();
    }
}
