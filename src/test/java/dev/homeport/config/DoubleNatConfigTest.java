package dev.homeport.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoubleNatConfigTest {
    @TempDir
    Path dir;

    private Path config(String yaml) throws IOException {
        Path p = Files.writeString(dir.resolve("homeport.yaml"), yaml + "forwards:\n  - name: blog\n    port: 888\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    @Test
    void doubleNatIsAutoUnlessTheConfigSaysOff() throws IOException {
        assertTrue(ConfigLoader.load(config("router:\n  via: upnp\n")).router().doubleNat());
        assertTrue(ConfigLoader.load(config("router:\n  double-nat: auto\n")).router().doubleNat());
        assertFalse(ConfigLoader.load(config("router:\n  double-nat: off\n")).router().doubleNat());
        assertTrue(Config.RouterSettings.defaults().doubleNat());
    }

    @Test
    void anotherValueNamesFileLineAndKey() throws IOException {
        Path f = config("router:\n  double-nat: maybe\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertEquals(f + ":2: router.double-nat: 'maybe' must be auto or off", e.getMessage());
    }
}
