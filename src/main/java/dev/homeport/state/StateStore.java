package dev.homeport.state;

import dev.homeport.core.HomeportException;
import dev.homeport.guard.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named state files under one directory, each a small key/value document. Writes are atomic (temp file, fsync,
 * rename), so a run killed at any point leaves either the old or the new file, never a torn one. A file that does
 * not parse is set aside as {@code NAME.corrupt} and treated as absent, so the next run repairs it.
 */
public final class StateStore {
    /** State documents are a few hundred bytes; a larger file is not one of ours and is never read into memory. */
    static final long MAX_FILE = 1024 * 1024;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    private static final AtomicLong TEMP_NAMES = new AtomicLong();
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private final Path dir;

    /** @param dir the state directory; created (mode 700) on first write */
    public StateStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The file behind {@code name}. */
    public Path file(String name) {
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) throw new IllegalArgumentException("state name '" + name + "' is not valid");
        return dir.resolve(name + ".state");
    }

    /**
     * Reads a state document; empty when it does not exist or was corrupt.
     *
     * @throws HomeportException (IO) when the file exists but cannot be read
     */
    public Optional<Map<String, String>> read(String name) {
        Path f = file(name);
        if (!Files.exists(f)) return Optional.empty();
        try {
            if (Files.size(f) > MAX_FILE) {
                LOG.warn("state file {} is larger than {} bytes: set aside as {}.corrupt", f, MAX_FILE, f.getFileName());
                quarantine(f);
                return Optional.empty();
            }
            String text = Files.readString(f, StandardCharsets.UTF_8);
            if (!text.startsWith("# homeport state") || !text.contains("\n#end\n")) {
                quarantine(f);
                return Optional.empty();
            }
            Properties p = new Properties();
            try (Reader r = new StringReader(text)) {
                p.load(r);
            }
            p.remove("#end");
            Map<String, String> out = new TreeMap<>();
            for (String k : p.stringPropertyNames()) out.put(k, p.getProperty(k));
            return Optional.of(out);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            // Not UTF-8 or not a properties document: corrupt like any other torn or foreign file, never a blocker.
            quarantine(f);
            return Optional.empty();
        } catch (IOException e) {
            throw new HomeportException(HomeportException.Kind.IO, "cannot read state file " + f + ": " + e.getMessage(),
                    "check the permissions of " + dir);
        }
    }

    /**
     * Replaces a state document atomically.
     *
     * @throws HomeportException (IO) when it cannot be written; the old file is then untouched
     */
    public void write(String name, Map<String, String> values) {
        Path f = file(name);
        try {
            ensureDir();
            StringWriter w = new StringWriter();
            w.write("# homeport state " + name + "\n");
            for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
                // State quotes what providers and routers answered: no secret in any form may be kept on disk.
                w.write(entry(e.getKey(), Redactor.current().redact(e.getValue())));
            }
            w.write("#end\n");
            Path tmp = synced(name, w.toString().getBytes(StandardCharsets.UTF_8));
            try {
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new HomeportException(HomeportException.Kind.IO, "cannot write state file " + f + ": " + describe(e),
                    "check the permissions of " + dir + " and free disk space");
        }
    }

    /**
     * One {@code key=value} line, escaped exactly as {@link Properties#store(java.io.Writer, String)} escapes it (so
     * {@link Properties#load} reads it back): backslash, tab, line breaks and form feed as escapes, {@code = : # !}
     * behind a backslash, a space behind one in the key and at the start of the value; everything else as it is.
     * Not {@code store} itself: it writes a date comment, whose formatting loads the JDK's time-zone names (about 40
     * classes and several milliseconds on the way to a cold run's first SOAP call).
     */
    static String entry(String key, String value) {
        StringBuilder b = new StringBuilder(key.length() + value.length() + 8);
        escape(b, key, true);
        b.append('=');
        escape(b, value, false);
        return b.append('\n').toString();
    }

    private static void escape(StringBuilder b, String s, boolean isKey) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\f' -> b.append("\\f");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(i == 0 || isKey ? "\\ " : " ");
                default -> b.append(c);
            }
        }
    }

    /**
     * Proves, before something that must be recorded is done, that {@code name} can be written now the way
     * {@link #write} writes it: the directory is created if missing, a temporary file beside the document is created,
     * filled with as many bytes as the document has, synced and removed, and the document's place must not be a
     * directory. Nothing is changed. (Asking about permissions would be a guess: root ignores them, a read-only mount or
     * a full disk does not show in them.)
     *
     * @throws HomeportException (IO) naming the file, when it cannot be written
     */
    public void checkWritable(String name) {
        Path f = file(name);
        try {
            ensureDir();
            if (Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw new IOException("it is a directory");
            long size = Files.isRegularFile(f) ? Math.min(Files.size(f), MAX_FILE) : 0;
            byte[] probe = new byte[(int) Math.max(size, 64)];
            java.util.Arrays.fill(probe, (byte) '#');
            Files.deleteIfExists(synced(name, probe));
        } catch (IOException e) {
            throw new HomeportException(HomeportException.Kind.IO, "cannot write state file " + f + ": " + describe(e),
                    "check the permissions of " + dir + ", that its file system is not read-only, and free disk space");
        }
    }

    /**
     * A new temporary file beside {@code name}'s document (mode 600, created exclusively: an existing file or link of
     * that name is never opened) holding {@code bytes}, synced to disk; deleted on failure. Named by hand rather than
     * with {@code Files.createTempFile}, whose random names start the JDK's {@code SecureRandom} (SHA-1 and its
     * helpers: about 5 ms of a cold run, before its first SOAP call). The name need not be secret: as the file is
     * created exclusively, a name someone else took (a file or a link planted in a shared directory) is only skipped.
     */
    private Path synced(String name, byte[] bytes) throws IOException {
        Path tmp = null;
        FileChannel ch = null;
        for (int attempt = 0; ch == null; attempt++) {
            tmp = dir.resolve(name + "." + Long.toHexString(System.nanoTime()) + "-" + TEMP_NAMES.incrementAndGet() + ".tmp");
            try {
                ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
        try (FileChannel open = ch; OutputStream out = java.nio.channels.Channels.newOutputStream(open)) {
            out.write(bytes);
            out.flush();
            open.force(true);
            return tmp;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * An I/O failure in words: for a file-system error the OS's reason ("Permission denied", "Read-only file system",
     * "No space left on device") or the exception's kind spelt out ("access denied"), with the file it is about.
     */
    private static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            String reason = fs.getReason() != null ? fs.getReason()
                    : fs.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
            // Our own temporary file's random name says nothing the state file's name does not.
            return fs.getFile() == null || fs.getFile().endsWith(".tmp") ? reason : fs.getFile() + ": " + reason;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Sets one entry of a state document (created if absent); writes nothing when it already holds {@code value}.
     *
     * @throws HomeportException (IO) when it cannot be written
     */
    public void put(String name, String key, String value) {
        Map<String, String> values = new TreeMap<>(read(name).orElse(Map.of()));
        if (value.equals(values.put(key, value))) return;
        write(name, values);
    }

    /**
     * Removes one entry of a state document; writes nothing when there is no such entry.
     *
     * @throws HomeportException (IO) when it cannot be written
     */
    public void remove(String name, String key) {
        Optional<Map<String, String>> now = read(name);
        if (now.isEmpty() || !now.get().containsKey(key)) return;
        Map<String, String> values = new TreeMap<>(now.get());
        values.remove(key);
        write(name, values);
    }

    /** Removes a state document if present. */
    public void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new HomeportException(HomeportException.Kind.IO, "cannot delete state file " + file(name) + ": " + e.getMessage());
        }
    }

    void ensureDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX filesystem: nothing to tighten
            }
        }
    }

    private void quarantine(Path f) {
        try {
            Files.move(f, f.resolveSibling(f.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // leave it: the next write replaces it anyway
        }
    }
}
