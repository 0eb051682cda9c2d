package dev.homeport.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.HomeportException;
import dev.homeport.guard.Redactor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        Redactor.startRun();
    }

    /** The entry writer is a copy of Properties.store's escaping: compared with it on awkward and random text. */
    @Test
    void entriesAreWrittenExactlyAsPropertiesStoreWritesThemAndReadBack() throws Exception {
        List<String> texts = new java.util.ArrayList<>(List.of("", " ", "  lead", "trail ", "a b", "k=v:w#x!y", "back\\slash",
                "tab\tnl\ncr\rff\f", "ünïcødé €", "\u0001\u001f\u007f", "#comment", "!bang", "=", "\\", "x\\", "\ud83d\ude00"));
        Random random = new Random(18);
        String alphabet = " \t\n\r\f\\=:#!aZ9é€\u0000\u0007\u007f\u00a0\u2028";
        for (int i = 0; i < 500; i++) {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            texts.add(b.toString());
        }
        for (int i = 0; i < texts.size(); i++) {
            String key = texts.get(i).isEmpty() ? "k" : texts.get(i);
            String value = texts.get(texts.size() - 1 - i);
            Properties one = new Properties();
            one.setProperty(key, value);
            java.io.StringWriter w = new java.io.StringWriter();
            one.store(w, null);
            String stored = w.toString().substring(w.toString().indexOf('\n') + 1); // after the date comment
            assertEquals(stored, StateStore.entry(key, value), "key " + key + " value " + value);
            Properties back = new Properties();
            back.load(new java.io.StringReader(StateStore.entry(key, value)));
            assertEquals(value, back.getProperty(key));
        }
        StateStore store = new StateStore(dir.resolve("state"));
        Map<String, String> doc = Map.of("a key", " spaced = value\n#not a comment", "b", "ü\\");
        store.write("doc", doc);
        assertEquals(Optional.of(doc), store.read("doc"));
    }

    @Test
    void checkWritableChangesNothingWhenTheDocumentCanBeWrittenAndNamesTheFileWhenNot() throws Exception {
        StateStore store = new StateStore(dir.resolve("state"));
        store.checkWritable("ddns");
        assertTrue(Files.isDirectory(store.dir()), "the directory is made, as a write would");
        store.write("ddns", Map.of("k", "v"));
        String before = Files.readString(store.file("ddns"));
        store.checkWritable("ddns");
        assertEquals(before, Files.readString(store.file("ddns")));
        try (var files = Files.list(store.dir())) {
            assertEquals(List.of(store.file("ddns")), files.toList(), "no probe file is left behind");
        }
        Files.delete(store.file("ddns"));
        Files.createDirectories(store.file("ddns").resolve("inside"));
        HomeportException e = assertThrows(HomeportException.class, () -> store.checkWritable("ddns"));
        assertEquals(HomeportException.Kind.IO, e.kind());
        assertTrue(e.getMessage().startsWith("cannot write state file " + store.file("ddns") + ": "), e.getMessage());
    }

    @Test
    void putAndRemoveChangeOneEntryAndWriteNothingWhenThereIsNothingToChange() throws Exception {
        StateStore store = new StateStore(dir);

        store.remove("ledger", "888/tcp");
        assertFalse(Files.exists(store.file("ledger")), "removing from a document that does not exist creates nothing");
        store.put("ledger", "888/tcp", "a");
        store.put("ledger", "8888/udp", "b");
        assertEquals(Map.of("888/tcp", "a", "8888/udp", "b"), store.read("ledger").orElseThrow());

        // A hand-made mark survives the calls that change nothing: they did not rewrite the file.
        Path file = store.file("ledger");
        Files.writeString(file, Files.readString(file).replaceFirst("\n", "\n# mark\n"));
        store.put("ledger", "888/tcp", "a");
        store.remove("ledger", "22/tcp");
        assertTrue(Files.readString(file).contains("# mark"), Files.readString(file));

        store.remove("ledger", "888/tcp");
        store.put("ledger", "8888/udp", "c");
        assertEquals(Map.of("8888/udp", "c"), store.read("ledger").orElseThrow());
        assertFalse(Files.readString(file).contains("# mark"));
    }

    @Test
    void aProviderAnswerEchoingTheSecretIsStoredWithoutItInAnyForm() throws Exception {
        Redactor.startRun().add("hunter2-pw");
        String basic = Base64.getEncoder().encodeToString("pete:hunter2-pw".getBytes(StandardCharsets.UTF_8));
        StateStore store = new StateStore(dir);

        store.write("ddns", Map.of("answer", "badauth Basic " + basic + " pw=hunter2-pw via http://pete:hunter2-pw@x/"));

        String file = Files.readString(store.file("ddns"));
        assertFalse(file.contains("hunter2") || file.contains(basic), file);
        assertTrue(store.read("ddns").orElseThrow().get("answer").startsWith("badauth Basic ****"), file);
    }

    @Test
    void aStateFileThatIsNotUtf8IsSetAsideAsCorrupt() throws Exception {
        StateStore store = new StateStore(dir);
        Files.write(store.file("gateway"), new byte[] {'#', ' ', (byte) 0xff, (byte) 0xfe, '\n'});

        assertEquals(Optional.empty(), store.read("gateway"));
        assertTrue(Files.exists(dir.resolve("gateway.state.corrupt")));
    }

    @Test
    void aStateFileLargerThanTheCapIsSetAsideWithoutBeingRead() throws Exception {
        StateStore store = new StateStore(dir);
        Files.write(store.file("ddns"), new byte[(int) StateStore.MAX_FILE + 1]);

        assertEquals(Optional.empty(), store.read("ddns"));
        assertTrue(Files.exists(dir.resolve("ddns.state.corrupt")));
    }

    @Test
    void aLockFileThatIsASymlinkIsRefusedAndItsTargetLeftAlone() throws Exception {
        Path target = Files.writeString(dir.resolve("precious"), "keep\n");
        Path stateDir = Files.createDirectories(dir.resolve("state"));
        Files.createSymbolicLink(stateDir.resolve("homeport.lock"), target);

        HomeportException e = assertThrows(HomeportException.class, () -> RunLock.acquire(new StateStore(stateDir), Duration.ZERO));

        assertEquals(HomeportException.Kind.IO, e.kind());
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("keep\n", Files.readString(target));
    }
}
