package dev.homeport.webadmin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing shipped (profiles go into the jar, scripts into the package) or committed as source cites a path that exists
 * only on a development machine: a user reading a profile must find its facts in it or in its {@code sources:}.
 */
class NoDevelopmentPathsTest {
    private static final Pattern DEV_PATH = Pattern.compile("/work/|/home/(?!pi/)|/Users/|[A-Z]:\\\\Users\\\\");
    private static final List<String> TREES = List.of("profiles", "src", "scripts", ".ci", "docs", "pom.xml", "DEVELOPERS.md");

    @Test
    void noShippedOrCommittedFileCitesADevelopmentMachinePath() throws IOException {
        Path root = Path.of(System.getProperty("homeport.root", System.getProperty("user.dir")));
        assertTrue(Files.isDirectory(root.resolve("profiles")), () -> "run from the checkout: " + root);
        List<String> hits;
        try (Stream<Path> files = TREES.stream().map(root::resolve).filter(Files::exists).flatMap(NoDevelopmentPathsTest::walk)) {
            // This file names the patterns it looks for.
            // Build output (any target/ folder, gitignored: the bench's peers build under scripts/) is neither.
            hits = files.filter(Files::isRegularFile).filter(f -> !f.endsWith("NoDevelopmentPathsTest.java"))
                    .filter(f -> !root.relativize(f).toString().matches("(.*/)?target/.*"))
                    .flatMap(f -> matches(root, f)).toList();
        }
        assertEquals(List.of(), hits);
    }

    private static Stream<Path> walk(Path p) {
        try {
            return Files.walk(p).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Stream<String> matches(Path root, Path file) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String[] lines = text.split("\n", -1);
        return java.util.stream.IntStream.range(0, lines.length).filter(i -> DEV_PATH.matcher(lines[i]).find())
                .mapToObj(i -> root.relativize(file) + ":" + (i + 1) + ": " + lines[i].strip());
    }
}
