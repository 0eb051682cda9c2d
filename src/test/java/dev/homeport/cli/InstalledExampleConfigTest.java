package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package installs /etc/homeport/homeport.yaml with every line a comment. Commands that only read the router
 * settings from the config must work with it as installed; commands that need a section say which.
 */
class InstalledExampleConfigTest {
    private static final String EXAMPLE = "# homeport's config\n#\n# forwards:\n#   - name: blog\n#     port: 888\n";

    @TempDir
    Path tmp;

    @Test
    void forwardGoesOnToTheRouterWithTheCommentedExampleInEtc() throws IOException {
        TestServices t = new TestServices(tmp);
        Files.createDirectories(tmp.resolve("etc/homeport"));
        privateFile(tmp.resolve("etc/homeport/homeport.yaml"), EXAMPLE);
        int code = t.run("forward", "--port", "888", "--via", "pcp", "-v");
        assertEquals(ExitCodes.NO_ROUTER, code, t.err());
        assertTrue(t.err().contains("config: " + tmp.resolve("etc/homeport/homeport.yaml")), t.err());
        assertFalse(t.err().contains("empty"), t.err());
    }

    @Test
    void ddnsUpdateWithTheCommentedExampleNamesTheMissingSection() throws IOException {
        TestServices t = new TestServices(tmp);
        Files.createDirectories(tmp.resolve("etc/homeport"));
        privateFile(tmp.resolve("etc/homeport/homeport.yaml"), EXAMPLE);
        assertEquals(ExitCodes.CONFIG, t.run("ddns", "update"), t.err());
        assertTrue(t.err().contains("homeport.yaml"), t.err());
    }

    @Test
    void homeportConfigReplacesTheDefaultLocations() throws IOException {
        Path own = privateFile(tmp.resolve("own.yaml"), "forwards:\n  - name: blog\n    port: 888\n");
        Files.createDirectories(tmp.resolve("etc/homeport"));
        privateFile(tmp.resolve("etc/homeport/homeport.yaml"), "this is: [not valid\n");
        TestServices t = new TestServices(tmp, Map.of("HOMEPORT_CONFIG", own.toString()));
        assertEquals(0, t.run("config", "check"), t.err() + t.out());
        assertTrue((t.out() + t.err()).contains(own.toString()), t.out() + t.err());
        TestServices none = new TestServices(tmp.resolve("n"), Map.of("HOMEPORT_CONFIG", tmp.resolve("absent.yaml").toString()));
        assertEquals(ExitCodes.CONFIG, none.run("config", "check"));
        assertTrue(none.err().contains("absent.yaml"), none.err());
    }

    /** A config file as homeport wants it: mode 600, whatever the umask of the run. */
    private static Path privateFile(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
