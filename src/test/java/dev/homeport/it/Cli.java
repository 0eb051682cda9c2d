package dev.homeport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What the lab ITs check about homeport's command line: exit codes (cli/ExitCodes) and the shape of its errors. */
final class Cli {
    static final int OK = 0;
    static final int USAGE = 2;
    static final int NO_ROUTER = 4;
    static final int ROUTER_REFUSED = 5;
    static final int CONFLICT = 6;
    static final int NOT_OWNED = 7;

    private Cli() {
    }

    /** Asserts the exit code, with everything the command printed in the message. */
    static Lab.Result expectExit(int code, Lab.Result r) {
        assertEquals(code, r.exitCode(), () -> "exit code of homeport; it printed " + r);
        return r;
    }

    /**
     * Asserts a failure as a user must see it: exactly one {@code error:} line, at most one {@code hint:} line,
     * nothing else on stderr (no stack trace, no log noise).
     *
     * @return the text after {@code error: }
     */
    static String oneErrorLine(Lab.Result r) {
        List<String> lines = Arrays.stream(r.stderr().split("\n")).filter(l -> !l.isBlank()).toList();
        List<String> errors = lines.stream().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), () -> "one 'error:' line on stderr, got: " + r);
        long hints = lines.stream().filter(l -> l.startsWith("hint: ")).count();
        assertTrue(hints <= 1, () -> "at most one 'hint:' line, got: " + r);
        if (lines.size() != 1 + hints) {
            fail("stderr must hold only the error and its hint, got: " + r);
        }
        assertTrue(!r.stdout().contains("Exception") && !r.stdout().contains("\tat "), () -> "no stack trace: " + r);
        return errors.get(0).substring("error: ".length());
    }

    /** Empties a state directory, so each test starts as a fresh install. */
    static void clear(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
