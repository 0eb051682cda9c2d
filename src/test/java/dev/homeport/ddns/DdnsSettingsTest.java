package dev.homeport.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.config.Config;
import dev.homeport.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving the ddns section: endpoints of the presets and servers, and the secret's rules. */
class DdnsSettingsTest {
    @TempDir
    Path dir;

    @Test
    void presetsUseTheirProvidersHttpsEndpoint() {
        assertEquals("https://members.dyndns.org/nic/update", DdnsSettings.updateUrl(Provider.DYNDNS, Optional.empty()));
        assertEquals("https://dynupdate.no-ip.com/nic/update", DdnsSettings.updateUrl(Provider.NOIP, Optional.empty()));
        assertEquals("https://api.dynu.com/nic/update", DdnsSettings.updateUrl(Provider.DYNU, Optional.empty()));
        assertEquals("https://dyn.dns.he.net/nic/update", DdnsSettings.updateUrl(Provider.HE, Optional.empty()));
        assertEquals("https://www.duckdns.org/update", DdnsSettings.updateUrl(Provider.DUCKDNS, Optional.empty()));
    }

    @Test
    void aServerWithoutAPathGetsTheStandardOneAndAPathIsKept() {
        assertEquals("http://127.0.0.1:8245/nic/update", DdnsSettings.updateUrl(Provider.DYNDNS2, Optional.of("http://127.0.0.1:8245")));
        assertEquals("https://dd.example.net/cgi/upd", DdnsSettings.updateUrl(Provider.DYNDNS2,
                Optional.of("https://dd.example.net/cgi/upd")));
        // docs/dynamic-dns.md: the path is kept, the query is not (homeport sets hostname and myip itself).
        assertEquals("https://dd.example.net/cgi/upd", DdnsSettings.updateUrl(Provider.DYNDNS2,
                Optional.of("https://dd.example.net/cgi/upd?system=dyndns")));
    }

    @Test
    void refusesASecretFileOthersCanRead() throws Exception {
        Kit kit = new Kit(dir);
        Files.setPosixFilePermissions(kit.secret, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException e = assertThrows(ConfigException.class, () -> kit.updater(Kit.ddns("dyndns", null, List.of("a.b.org"),
                kit.secret)));
        assertTrue(e.getMessage().contains("ddns.password-file: secret file"), e.getMessage());
        assertEquals("run 'chmod 600 " + kit.secret + "'", e.hint().orElseThrow());
        assertFalse(e.getMessage().contains(Kit.PASSWORD));
    }

    @Test
    void refusesAnUnreadableSecretFile() throws Exception {
        Kit kit = new Kit(dir);
        Files.setPosixFilePermissions(kit.secret, PosixFilePermissions.fromString("---------"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(kit.secret), "running as root: every file is readable");
        ConfigException e = assertThrows(ConfigException.class, () -> kit.updater(Kit.ddns("dyndns", null, List.of("a.b.org"),
                kit.secret)));
        assertTrue(e.getMessage().contains("not readable"), e.getMessage());
    }

    @Test
    void refusesASecretPathThatIsNotAFile() throws Exception {
        Kit kit = new Kit(dir);
        Path directory = Files.createDirectory(dir.resolve("secret.d"));
        ConfigException e = assertThrows(ConfigException.class, () -> kit.updater(Kit.ddns("dyndns", null, List.of("a.b.org"),
                directory)));
        assertTrue(e.getMessage().contains("ddns.password-file: secret file " + directory + " is missing or not readable"),
                e.getMessage());
    }

    @Test
    void aSecretFileThatIsTooLargeOrNotTextSaysSoInsteadOfBlamingPermissions() throws Exception {
        Kit kit = new Kit(dir);
        Files.writeString(kit.secret, "x".repeat((int) dev.homeport.config.SecretFiles.MAX_SECRET_FILE + 1));
        ConfigException big = assertThrows(ConfigException.class, () -> kit.updater(Kit.ddns("dyndns", null, List.of("a.b.org"),
                kit.secret)));
        assertTrue(big.getMessage().contains("secret file " + kit.secret + " is larger than 65536 bytes"), big.getMessage());
        assertFalse(big.hint().orElse("").contains("permissions"), big.hint().orElse(""));

        Files.write(kit.secret, new byte[] {'p', 'a', 's', (byte) 0xff, (byte) 0xfe, 's', '\n'});
        ConfigException binary = assertThrows(ConfigException.class, () -> kit.updater(Kit.ddns("dyndns", null, List.of("a.b.org"),
                kit.secret)));
        assertTrue(binary.getMessage().contains("secret file " + kit.secret + " is not UTF-8 text"), binary.getMessage());
        assertFalse(binary.hint().orElse("").contains("permissions"), binary.hint().orElse(""));
    }

    @Test
    void refusesAMissingSecretFile() throws Exception {
        Kit kit = new Kit(dir);
        ConfigException e = assertThrows(ConfigException.class, () -> kit.updater(Kit.ddns("dyndns", null, List.of("a.b.org"),
                dir.resolve("nope"))));
        assertTrue(e.getMessage().contains("missing or not readable"), e.getMessage());
    }

    @Test
    void readsThePasswordFromTheNamedEnvironmentVariable() throws Exception {
        Kit kit = new Kit(dir);
        Config.Ddns d = new Config.Ddns("dyndns", Optional.empty(), false, List.of("a.b.org"), Optional.of("pete"), Optional.empty(),
                Optional.of("DDNS_PASSWORD"), "router", Optional.empty());
        assertEquals("from-env", DdnsSettings.from(kit.config(d), Map.of("DDNS_PASSWORD", "from-env")).secret().reveal());
        ConfigException e = assertThrows(ConfigException.class, () -> DdnsSettings.from(kit.config(d), Map.of()));
        assertTrue(e.getMessage().contains("ddns.password-env: environment variable DDNS_PASSWORD is not set"), e.getMessage());
    }

    @Test
    void theFingerprintChangesWithTheSecretButNeverShowsIt() throws Exception {
        Kit kit = new Kit(dir);
        Config.Ddns d = Kit.ddns("dyndns", null, List.of("a.b.org"), kit.secret);
        String before = DdnsSettings.from(kit.config(d), Map.of()).fingerprint("salt");
        kit.writeSecret("ddns.secret", "another");
        DdnsSettings after = DdnsSettings.from(kit.config(d), Map.of());
        assertNotEquals(before, after.fingerprint("salt"));
        assertFalse(after.fingerprint("salt").contains("another"));
        assertEquals("(secret)", after.secret().toString());
        assertFalse(after.toString().contains("another"));
    }
}
