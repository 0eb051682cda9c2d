package dev.homeport.webadmin;

import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The profile catalogue: the profiles shipped in the jar (resources under {@code profiles/}) plus the user's own
 * directory (normally {@code ~/.config/homeport/profiles}); a user profile with a shipped id replaces it, and of two
 * user files with one id the one whose path sorts last wins ({@link Entry#shadowedBy} says so). Family
 * files live in {@code _families/NAME.yaml} in either place, the user's first.
 */
public final class Profiles {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Profiles.class);
    private static final long MAX_BYTES = 256 * 1024;

    /**
     * One catalogue entry: a loaded profile, or the error that kept a file from loading.
     *
     * @param shadowedBy for a loaded profile that is not used because another file has its id: that file's source
     */
    public record Entry(String source, Optional<Profile> profile, Optional<ProfileException> error, Optional<String> shadowedBy) {
        Entry(String source, Optional<Profile> profile, Optional<ProfileException> error) {
            this(source, profile, error, Optional.empty());
        }
    }

    private final Map<String, String> builtin;
    private final Optional<Path> userDir;
    private List<Entry> entries;

    Profiles(Map<String, String> builtin, Optional<Path> userDir) {
        this.builtin = Map.copyOf(builtin);
        this.userDir = userDir;
    }

    /**
     * The shipped profiles plus {@code userDir} (which need not exist).
     *
     * @throws HomeportException (INTERNAL) when the jar's own profiles cannot be read
     */
    public static Profiles standard(Path userDir) {
        return new Profiles(readBuiltin(), Optional.of(userDir));
    }

    /**
     * Every profile file found, loaded or with its error, shipped ones first, each group by file name; a profile that
     * another file's of the same id replaces says by which ({@link Entry#shadowedBy}), by the rule {@link #profiles()}
     * uses.
     */
    public synchronized List<Entry> entries() {
        if (entries != null) return entries;
        List<Entry> out = new ArrayList<>();
        ProfileLoader loader = new ProfileLoader(this::family);
        builtin.entrySet().stream().filter(e -> !e.getKey().contains("/_families/")).sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(load(loader, new ProfileLoader.Source("builtin:" + e.getKey(), e.getValue()))));
        for (Path p : userFiles()) {
            Entry entry;
            try {
                entry = load(loader, new ProfileLoader.Source(p.toString(), read(p)));
            } catch (ProfileException e) {
                entry = new Entry(p.toString(), Optional.empty(), Optional.of(e));
            }
            // A broken user profile is skipped with a warning: it must not break the shipped profiles or other commands.
            entry.error().ifPresent(e -> LOG.warn("user profile {} skipped: {}", p, e.getMessage()));
            out.add(entry);
        }
        Map<String, Entry> winners = winners(out);
        List<Entry> marked = new ArrayList<>();
        for (Entry e : out) {
            Optional<String> by = e.profile().map(p -> winners.get(p.id())).filter(w -> w != e).map(Entry::source);
            marked.add(new Entry(e.source(), e.profile(), e.error(), by));
        }
        entries = List.copyOf(marked);
        return entries;
    }

    /**
     * The precedence, in one place: for each id, the entry used. Files are read shipped first, then the user's by path,
     * and a later file with an id replaces an earlier one (so a user file replaces a shipped profile, and of two user
     * files the one whose path sorts last wins); the id keeps the place of its first file (auto-detection order).
     */
    private static Map<String, Entry> winners(List<Entry> entries) {
        Map<String, Entry> byId = new LinkedHashMap<>();
        for (Entry e : entries) e.profile().ifPresent(p -> byId.put(p.id(), e));
        return byId;
    }

    /** Loaded profiles by id, each the one {@link #entries()} does not mark shadowed. */
    public List<Profile> profiles() {
        return winners(entries()).values().stream().map(e -> e.profile().orElseThrow()).toList();
    }

    /**
     * The profile with {@code id}.
     *
     * @throws HomeportException USAGE when there is none (listing the ids), or the file's ProfileException
     */
    public Profile get(String id) {
        Optional<Profile> p = profiles().stream().filter(x -> x.id().equals(id)).findFirst();
        if (p.isPresent()) return p.get();
        for (Entry e : entries()) {
            if (e.error().isPresent() && (e.source().contains(id) || declaresId(e.source(), id))) throw e.error().get();
        }
        throw new HomeportException(Kind.USAGE, "no profile '" + id + "'",
                "known: " + String.join(", ", profiles().stream().map(Profile::id).toList()) + " (see 'homeport profiles list')");
    }

    /** True when the user file at {@code source}, broken as it is, has the line {@code id: ID}. */
    private static boolean declaresId(String source, String id) {
        if (source.startsWith("builtin:")) return false;
        try {
            Matcher m = Pattern.compile("(?m)^id:\\s*['\"]?([^'\"\\s#]+)").matcher(read(Path.of(source)));
            return m.find() && m.group(1).equals(id);
        } catch (HomeportException | java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The YAML text a profile was loaded from. */
    public String text(Profile profile) {
        String s = profile.source();
        if (s.startsWith("builtin:")) return builtin.getOrDefault(s.substring("builtin:".length()), "");
        return read(Path.of(s));
    }

    /**
     * Loads and validates one file (for {@code profiles check}); it may extend a family in {@code _families/} beside
     * it, in the user's directory, or a shipped one.
     *
     * @throws ProfileException naming the file, line and key of the first problem
     */
    public Profile check(Path file) {
        Path sibling = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of(".")).resolve("_families");
        return new ProfileLoader(name -> {
            Path p = sibling.resolve(name + ".yaml");
            if (name.matches("[A-Za-z0-9._-]+") && Files.isRegularFile(p)) {
                return Optional.of(new ProfileLoader.Source(p.toString(), read(p)));
            }
            return family(name);
        }).load(new ProfileLoader.Source(file.toString(), read(file)));
    }

    private Entry load(ProfileLoader loader, ProfileLoader.Source source) {
        try {
            return new Entry(source.label(), Optional.of(loader.load(source)), Optional.empty());
        } catch (ProfileException e) {
            return new Entry(source.label(), Optional.empty(), Optional.of(e));
        }
    }

    private Optional<ProfileLoader.Source> family(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) return Optional.empty();
        if (userDir.isPresent()) {
            Path p = userDir.get().resolve("_families").resolve(name + ".yaml");
            if (Files.isRegularFile(p)) return Optional.of(new ProfileLoader.Source(p.toString(), read(p)));
        }
        String key = "profiles/_families/" + name + ".yaml";
        return Optional.ofNullable(builtin.get(key)).map(t -> new ProfileLoader.Source("builtin:" + key, t));
    }

    private List<Path> userFiles() {
        if (userDir.isEmpty() || !Files.isDirectory(userDir.get())) return List.of();
        try (Stream<Path> s = Files.list(userDir.get())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new HomeportException(Kind.IO, "cannot list " + userDir.get() + ": " + e.getMessage(), "check its permissions");
        }
    }

    private static String read(Path p) {
        try {
            if (!Files.isRegularFile(p)) {
                throw new ProfileException(p.toString(), 0, "", "no such file", "give the path of a profile YAML file");
            }
            if (Files.size(p) > MAX_BYTES) throw new ProfileException(p.toString(), 0, "", "larger than 256 KiB", null);
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ProfileException(p.toString(), 0, "", "is not UTF-8 text",
                    "save it as UTF-8 (an editor's 'save with encoding'), or 'iconv -f latin1 -t utf-8'");
        } catch (IOException e) {
            throw new ProfileException(p.toString(), 0, "", "cannot read: " + e.getMessage(), "check the path and permissions");
        }
    }

    /** Every {@code profiles/**.yaml} resource, keyed by its resource path. */
    static Map<String, String> readBuiltin() {
        URL url = Profiles.class.getClassLoader().getResource("profiles");
        if (url == null) return Map.of();
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                boolean close = false;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    close = true;
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                try {
                    return collect(fs.getPath("/profiles"), "profiles");
                } finally {
                    if (close) fs.close();
                }
            }
            return collect(Path.of(uri), "profiles");
        } catch (IOException | URISyntaxException | UncheckedIOException e) {
            throw new HomeportException(Kind.INTERNAL, "cannot read the shipped profiles: " + e.getMessage(), null);
        }
    }

    private static Map<String, String> collect(Path dir, String prefix) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                out.put(prefix + "/" + rel, Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
