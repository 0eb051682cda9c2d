package dev.homeport.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text, String perms) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        return p;
    }

    private Path config(String yaml) throws IOException {
        return write("homeport.yaml", yaml.replace("SECRET", dir.resolve("ddns.secret").toString()), "rw-------");
    }

    @Test
    void acceptsTheDocumentedExampleExactlyAsWritten() throws IOException {
        write("ddns.secret", "hunter2\n", "rw-------");
        Config c = ConfigLoader.load(config("""
                router:
                  via: auto                    # auto | upnp | web
                  url: http://192.0.2.1:5000/rootDesc.xml   # optional: skip discovery (UPnP) or the admin URL (web)
                forwards:
                  - name: blog
                    port: 888                  # internal port; external-port defaults to it
                    protocol: tcp              # tcp | udp | both
                ddns:
                  provider: dyndns2            # dyndns (default) | noip | dynu | he | duckdns | dyndns2
                  server: http://127.0.0.1:8245   # dyndns2 only; plain http allowed for loopback
                  hostnames: [savvypetesblog.is-lost.org]
                  username: pete
                  password-file: SECRET
                """));
        assertEquals(Config.Via.AUTO, c.router().via());
        assertEquals("http://192.0.2.1:5000/rootDesc.xml", c.router().url().orElseThrow());
        assertEquals(1, c.forwards().size());
        Config.Forward f = c.forwards().get(0);
        assertEquals("blog", f.name());
        assertEquals(888, f.port());
        assertEquals(888, f.externalPort());
        assertEquals(List.of(Protocol.TCP), f.protocols());
        assertEquals(604_800, f.lease().seconds());
        Config.Ddns d = c.ddns().orElseThrow();
        assertEquals("dyndns2", d.provider());
        assertEquals(List.of("savvypetesblog.is-lost.org"), d.hostnames());
        assertEquals("router", d.ipSource());
    }

    @Test
    void namesFileLineAndKeyOfAPortOutOfRange() throws IOException {
        Path f = config("""
                forwards:
                  - name: blog
                    port: 70000
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertEquals(f + ":3: forwards[0].port: 70000 is out of range", e.getMessage());
    }

    @Test
    void suggestsTheKeyMeantForAMisspeltOne() throws IOException {
        Path f = config("""
                forwards:
                  - name: blog
                    prot: 888
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertTrue(e.getMessage().endsWith(":3: forwards[0].prot: unknown key"), e.getMessage());
        assertEquals("did you mean 'port'?", e.hint().orElseThrow());
    }

    @Test
    void hostnamesGivenAsAMappingAreRefusedWithoutClaimingAListIsWrong() throws IOException {
        write("ddns.secret", "hunter2\n", "rw-------");
        Path f = config("""
                ddns:
                  provider: dyndns
                  hostnames: {home: a.example.org}
                  username: pete
                  password-file: SECRET
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertTrue(e.getMessage().endsWith(":3: ddns.hostnames: must be a host name or a list of host names"), e.getMessage());
        assertEquals("write it like 'hostnames: [home.example.org]'", e.hint().orElseThrow());
    }

    @Test
    void refusesASecretFileOthersCanRead() throws IOException {
        write("ddns.secret", "hunter2\n", "rw-r--r--");
        Path f = config("""
                ddns:
                  provider: dyndns
                  hostnames: [a.example.org]
                  username: pete
                  password-file: SECRET
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f));
        assertTrue(e.getMessage().contains(":5: ddns.password-file: secret file"), e.getMessage());
        assertTrue(e.hint().orElseThrow().startsWith("run 'chmod 600 "));
    }

    @Test
    void viaAcceptsPcpAndNatPmp() throws IOException {
        String forwards = "forwards:\n  - name: blog\n    port: 888\n";
        assertEquals(Config.Via.PCP, ConfigLoader.load(config("router:\n  via: pcp\n" + forwards)).router().via());
        assertEquals(Config.Via.NATPMP, ConfigLoader.load(config("router:\n  via: natpmp\n" + forwards)).router().via());
        assertEquals(Config.Via.NATPMP, ConfigLoader.load(config("router:\n  via: NAT-PMP\n" + forwards)).router().via());
    }
}
