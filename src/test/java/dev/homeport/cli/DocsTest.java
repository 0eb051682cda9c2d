package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README and docs/ against the code: the generated reference is current, every relative link resolves, and every
 * command, option and exit code the prose names exists.
 */
class DocsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern HOMEPORT =
            Pattern.compile("(?:^|[\\s(|;$&])(?:sudo |scripts/)?homeport((?: [a-z][a-z0-9-]*)+)((?: [^`|#]*)?)");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z]+)(?=[\\s=,.)]|$)");
    private static final Pattern EXIT = Pattern.compile("\\bexit(?: code)?s? \\*{0,2}(\\d+)");

    @TempDir
    Path tmp;

    @Test
    void theCommandReferenceAndExitCodeTableAreGeneratedFromTheCode() throws IOException {
        CommandLine model = CommandReference.model(new TestServices(tmp).services);
        check(ROOT.resolve("docs/commands.md"), CommandReference.commands(model));
        check(ROOT.resolve("docs/exit-codes.md"), CommandReference.exitCodes());
    }

    private static void check(Path file, String generated) throws IOException {
        if (Boolean.getBoolean("homeport.docs.write")) Files.writeString(file, generated);
        assertTrue(Files.exists(file), file + " is missing: run mvn test -Dtest=DocsTest -Dhomeport.docs.write=true");
        assertEquals(generated, Files.readString(file),
                file + " is out of date: run mvn test -Dtest=DocsTest -Dhomeport.docs.write=true and commit it");
    }

    @Test
    void theReadmeStaysShort() throws IOException {
        long lines = Files.readAllLines(ROOT.resolve("README.md")).size();
        assertTrue(lines <= 300, "README.md has " + lines + " lines; the reference belongs in docs/");
    }

    @Test
    void everyRelativeLinkInTheReadmeAndDocsResolves() throws IOException {
        List<String> dead = new ArrayList<>();
        for (Path md : markdown()) {
            Matcher m = LINK.matcher(withoutCode(Files.readString(md)));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) continue;
                String[] parts = target.split("#", 2);
                Path file = parts[0].isEmpty() ? md : md.getParent().resolve(parts[0]).normalize();
                if (!Files.exists(file)) {
                    dead.add(ROOT.relativize(md) + ": " + target + " (no such file)");
                } else if (parts.length == 2 && file.toString().endsWith(".md") && !anchors(file).contains(parts[1])) {
                    dead.add(ROOT.relativize(md) + ": " + target + " (no such heading)");
                }
            }
        }
        if (!dead.isEmpty()) fail("dead links:\n" + String.join("\n", dead));
    }

    @Test
    void everyCommandOptionAndExitCodeTheDocsNameExists() throws IOException {
        CommandLine model = CommandReference.model(new TestServices(tmp).services);
        List<String> wrong = new ArrayList<>();
        for (Path md : markdown()) {
            String where = ROOT.relativize(md).toString();
            for (String code : codeFragments(Files.readString(md))) {
                Matcher m = HOMEPORT.matcher(code);
                while (m.find()) {
                    boolean typed = code.substring(0, m.start()).isBlank() || code.strip().matches("^(\\$ |sudo |scripts/)+homeport.*");
                    wrong.addAll(checkCommand(model, where, m.group(1).strip(), m.group(2), typed));
                }
            }
            Matcher e = EXIT.matcher(Files.readString(md));
            while (e.find()) {
                if (!ExitCodes.describe().containsKey(e.group(1))) wrong.add(where + ": exit code " + e.group(1) + " does not exist");
            }
        }
        if (!wrong.isEmpty()) fail("the docs disagree with the code:\n" + String.join("\n", wrong));
    }

    @Test
    void theCheckerCatchesAMisspeltCommandOrOption() {
        CommandLine model = CommandReference.model(new TestServices(tmp).services);
        assertEquals(1, checkCommand(model, "x", "forward", " --port 888 --bogus", true).size());
        assertEquals(1, checkCommand(model, "x", "forwrd", " --port 888", true).size());
        assertEquals(0, checkCommand(model, "x", "ddns status", " --json -q", true).size());
    }

    private static List<String> checkCommand(CommandLine root, String where, String words, String rest, boolean typed) {
        CommandLine c = root;
        String[] w = words.split(" ");
        int i = 0;
        while (i < w.length && c.getSubcommands().containsKey(w[i])) c = c.getSubcommands().get(w[i++]);
        if (c == root) {
            // Prose in an output sample ("homeport never overwrites...") is not a command line; one that starts with it is.
            return !typed || w[0].equals("help") ? List.of() : List.of(where + ": 'homeport " + words + "': no command '" + w[0] + "'");
        }
        List<String> wrong = new ArrayList<>();
        Matcher o = OPTION.matcher(String.join(" ", List.of(w).subList(i, w.length)) + " " + rest);
        while (o.find()) {
            String name = o.group(1);
            if (name.matches("-[a-zA-Z]{2,}")) name = name.substring(0, 2);
            if (c.getCommandSpec().findOption(name) == null && !name.equals("--")) {
                wrong.add(where + ": 'homeport " + c.getCommandSpec().qualifiedName().replaceFirst("^homeport ?", "") + "' has no option "
                        + name);
            }
        }
        return wrong;
    }

    /** Inline code spans and the lines of fenced blocks: where commands are written to be typed. */
    private static List<String> codeFragments(String text) {
        List<String> out = new ArrayList<>();
        boolean fence = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("```")) {
                fence = !fence;
                continue;
            }
            if (fence) {
                out.add(line.replaceAll("\\s#.*$", ""));
            } else {
                Matcher m = INLINE_CODE.matcher(line);
                while (m.find()) out.add(m.group(1));
            }
        }
        return out;
    }

    private static String withoutCode(String text) {
        return text.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "");
    }

    private static Set<String> anchors(Path md) throws IOException {
        Set<String> out = new HashSet<>();
        boolean fence = false;
        for (String line : Files.readAllLines(md)) {
            if (line.startsWith("```")) fence = !fence;
            if (!fence && line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").strip();
                out.add(heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }

    private static List<Path> markdown() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(ROOT.resolve("README.md"));
        try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }
}
