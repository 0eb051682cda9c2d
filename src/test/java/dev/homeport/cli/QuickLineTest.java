package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.logging.LogLevels;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@link QuickLine} reads what it takes exactly as picocli does, and leaves everything else to picocli. */
class QuickLineTest {
    /** The commands read without picocli: the ones cron and users run most. */
    static final List<String> QUICK = List.of("forward", "unforward", "list", "external-ip", "reassert");
    private static final Path FILE = Path.of("src/main/resources/dev/homeport/cli", QuickLine.RESOURCE);

    @TempDir
    Path tmp;

    @Test
    void theModelFileIsWhatPicocliDeclares() throws Exception {
        String generated = write(fromPicocli(factory()));
        if (Boolean.getBoolean("homeport.docs.write")) Files.writeString(FILE, generated);
        assertEquals(generated, Files.readString(FILE),
                FILE + " is out of date: run mvn -o -q test -Dtest=QuickLineTest -Dhomeport.docs.write=true and commit it");
        assertEquals(write(QuickLine.load(generated)), generated, "the file reads back as written");
    }

    @Test
    void everyLineItTakesLeavesTheCommandAsPicocliWould() throws Exception {
        List<String[]> lines = corpus();
        assertTrue(lines.size() > 80, "corpus of " + lines.size());
        for (String[] line : lines) {
            Map<String, String> quick = quickState(line);
            restoreLevels();
            Map<String, String> picocli = picocliState(line);
            restoreLevels();
            assertFalse(quick.isEmpty(), "QuickLine declined " + Arrays.toString(line));
            assertEquals(picocli, quick, Arrays.toString(line));
        }
    }

    @Test
    void leavesAnythingUnusualToPicocli() throws Exception {
        String[][] declined = {
            {}, {"--version"}, {"-V"}, {"--help"}, {"forward", "--help"}, {"-h", "forward", "--port", "1"}, {"help", "forward"},
            {"forward"}, {"forward", "--port"}, {"forward", "--port", "-1"}, {"forward", "--port", "0x10"}, {"forward", "--port", "+5"},
            {"forward", "--port", "1234567890"}, {"forward", "--port", "888", "--port", "889"}, {"forward", "--port", "888", "extra"},
            {"forward", "--prot", "888"}, {"forward", "--port", "888", "--"}, {"forward", "--port="}, {"-vv", "forward", "--port", "888"},
            {"forward", "--port", "888", "-qv"}, {"forward", "--port", "888", "--no-outer=true"},
            {"forward", "--port", "888", "--via", "upnp"}, {"forward", "--port", "888", "--dry-run"}, {"reassert", "--port", "888"},
            {"doctor"}, {"lst"}, {"forward", "--port", "888", "--name", "-x"},
            {"--config"}, {"--config", "reassert"}, {"reassert", "-q", "-q"}, {"reassert", "--lock-wait", "5", "--lock-wait", "6"},
            {"--port", "888", "forward"}, {"forward", "--port", "888", "--take-over", "--take-over"}, {"discover"}, {"ddns", "update"},
            {"reassert", "--json=true"}, {"list", "-"}, {"forward", "--port", "888", "--name", "@names.txt"}, {"@args.txt"},
            {"--config", "@x", "reassert"},
        };
        for (String[] line : declined) {
            assertEquals(Optional.empty(), QuickLine.parse(line, QuickLine.model()), Arrays.toString(line));
        }
    }

    @Test
    void aLineItTakesRunsWithTheSameOutputAndExitCodeAsThroughPicocli() {
        String[][] lines = {{"forward", "--port", "70000"}, {"unforward", "--port", "0"},
            {"forward", "--port", "888", "--protocol", "icmp"},
            {"--json", "forward", "--port", "888", "--ip-version", "5"}, {"reassert", "--lock-wait", "999999999", "--json"},
            {"-q", "forward", "--port", "888", "--to", "not-an-address"}, {"list", "--json", "--config", "/nonexistent/homeport.yaml"}};
        for (String[] line : lines) {
            assertTrue(QuickLine.parse(line, QuickLine.model()).isPresent(), Arrays.toString(line));
            // The same directories for both (paths appear in messages); each of these lines fails before writing state.
            TestServices quick = new TestServices(tmp.resolve("run" + Arrays.hashCode(line)));
            TestServices pico = new TestServices(tmp.resolve("run" + Arrays.hashCode(line)));
            int quickCode = quick.run(line);
            int picoCode = pico.runWithPicocli(line);
            assertEquals(picoCode, quickCode, Arrays.toString(line));
            assertTrue(quickCode != 0, Arrays.toString(line) + " should fail");
            assertEquals(pico.out(), quick.out(), Arrays.toString(line));
            assertEquals(pico.err(), quick.err(), Arrays.toString(line));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private CommandFactory factory() {
        return new CommandFactory(new TestServices(tmp.resolve("f")).services, new Main.GlobalHolder());
    }

    /** The lines of the model file (the inverse of {@link QuickLine#load}). */
    static String write(QuickLine.Model m) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Generated from picocli's model by QuickLineTest (mvn -o -q test -Dtest=QuickLineTest -Dhomeport.docs.write=true);\n");
        sb.append("# read by QuickLine. Do not edit by hand.\n");
        m.commands().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(c -> sb.append("command\t").append(c.getKey()).append('\t').append(c.getValue()).append('\n'));
        for (QuickLine.MixinEntry x : m.mixins()) {
            sb.append("mixin\t").append(x.command()).append('\t').append(x.field()).append('\t').append(x.type()).append('\n');
        }
        // Sorted: picocli lists the options of setter methods in reflection order, which the JVM does not fix.
        List<QuickLine.OptionEntry> options = m.options().stream().sorted(java.util.Comparator
                .comparing((QuickLine.OptionEntry o) -> !o.command().equals("*")).thenComparing(QuickLine.OptionEntry::command)
                .thenComparing(o -> String.join("|", o.names()))).toList();
        for (QuickLine.OptionEntry o : options) {
            sb.append("option\t").append(o.command()).append('\t').append(String.join("|", o.names())).append('\t').append(o.owner())
                    .append('\t').append(o.method() ? "method" : "field").append('\t').append(o.member()).append('\t').append(o.type())
                    .append('\t').append(o.required() ? "required" : "optional").append('\t')
                    .append(o.defaultValue().map(d -> "=" + d).orElse("-")).append('\n');
        }
        return sb.toString();
    }

    /** The model QuickLine needs, read from picocli's. */
    static QuickLine.Model fromPicocli(CommandLine.IFactory factory) throws Exception {
        CommandLine full = new CommandLine(new HomeportCommand(), factory);
        Map<String, String> commands = new TreeMap<>();
        List<QuickLine.MixinEntry> mixins = new ArrayList<>();
        List<QuickLine.OptionEntry> options = new ArrayList<>();
        for (OptionSpec o : full.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) options.add(entry("*", o));
        }
        for (String name : QUICK) {
            CommandSpec spec = full.getSubcommands().get(name).getCommandSpec();
            Class<?> type = spec.userObject().getClass();
            assertTrue(spec.positionalParameters().isEmpty() && spec.argGroups().isEmpty() && spec.subcommands().isEmpty(),
                    name + " has what QuickLine does not read: take it off QUICK");
            for (Field f : type.getDeclaredFields()) {
                assertFalse(f.isAnnotationPresent(CommandLine.Spec.class) || f.isAnnotationPresent(CommandLine.ParentCommand.class),
                        name + " wants picocli's model injected: take it off QUICK");
            }
            commands.put(name, type.getName());
            for (Map.Entry<String, CommandSpec> m : spec.mixins().entrySet()) {
                if (m.getValue().userObject().getClass().getName().startsWith("picocli.")) continue; // --help, --version
                type.getDeclaredField(m.getKey()); // the mixin's name is its field
                mixins.add(new QuickLine.MixinEntry(name, m.getKey(), m.getValue().userObject().getClass().getName()));
            }
            for (OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp() || o.inherited()) continue;
                QuickLine.OptionEntry e = entry(name, o);
                e.defaultValue().ifPresent(d -> assertTrue(QuickLine.value(e.type(), d).isPresent() && !d.contains("${"),
                        name + " " + e.names() + ": QuickLine cannot apply the default '" + d + "' of " + e.type()
                                + ": take it off QUICK"));
                options.add(e);
            }
        }
        return new QuickLine.Model(commands, mixins, options);
    }

    private static QuickLine.OptionEntry entry(String command, OptionSpec o) {
        Object element = o.userObject();
        String owner;
        String member;
        boolean method = element instanceof Method;
        if (element instanceof Field f) {
            owner = f.getDeclaringClass().getName();
            member = f.getName();
        } else if (element instanceof Method m) {
            owner = m.getDeclaringClass().getName();
            member = m.getName();
        } else {
            throw new AssertionError(command + " " + o.longestName() + " is neither a field nor a method: " + element);
        }
        String type = o.type().getName();
        // Options QuickLine must never take (the file says so, and a line naming one goes to picocli).
        if (o.converters().length > 0 || o.negatable() || !o.splitRegex().isEmpty()) type = "picocli-only";
        boolean flag = type.equals("boolean") || type.equals("[Z");
        if (flag != (o.arity().max() == 0) && !type.equals("picocli-only")) type = "picocli-only";
        return new QuickLine.OptionEntry(command, List.of(o.names()), owner, method, member, type, o.required(),
                Optional.ofNullable(o.defaultValue()));
    }

    /** Lines of every quick command: each option alone (both spellings), global options before and after, all at once. */
    private static List<String[]> corpus() {
        QuickLine.Model m = QuickLine.model();
        List<String[]> lines = new ArrayList<>();
        for (String command : QUICK) {
            List<String> base = new ArrayList<>(List.of(command));
            for (QuickLine.OptionEntry o : m.options()) {
                if (o.command().equals(command) && o.required()) base.addAll(List.of(o.names().get(0), sample(o.type())));
            }
            lines.add(base.toArray(String[]::new));
            List<String> all = new ArrayList<>(base);
            for (QuickLine.OptionEntry o : m.options()) {
                boolean mine = o.command().equals(command) || o.command().equals("*");
                if (!mine || o.required() || o.type().equals("picocli-only") || sample(o.type()) == null && !o.flag()) continue;
                for (String name : o.names()) {
                    lines.add(with(base, o, name, false, false));
                    if (!o.flag()) lines.add(with(base, o, name, true, false));
                    if (o.command().equals("*")) lines.add(with(base, o, name, false, true));
                }
                all.add(o.names().get(0));
                if (!o.flag()) all.add(sample(o.type()));
            }
            lines.add(all.toArray(String[]::new));
            List<String> verbose = new ArrayList<>(base);
            verbose.addAll(List.of("-v", "--verbose"));
            lines.add(verbose.toArray(String[]::new));
            lines.add(withArgs(base, "-q", "-v"));
            lines.add(withArgs(base, "-v", "-q", "-v"));
        }
        return lines;
    }

    private static String[] withArgs(List<String> base, String... extra) {
        List<String> l = new ArrayList<>(base);
        l.addAll(List.of(extra));
        return l.toArray(String[]::new);
    }

    private static String[] with(List<String> base, QuickLine.OptionEntry o, String name, boolean attached, boolean before) {
        List<String> l = new ArrayList<>(base);
        List<String> opt = o.flag() ? List.of(name) : attached ? List.of(name + "=" + sample(o.type())) : List.of(name, sample(o.type()));
        l.addAll(before ? 0 : l.size(), opt);
        return l.toArray(String[]::new);
    }

    private static String sample(String type) {
        return switch (type) {
            case "int", "java.lang.Integer" -> "8888";
            case "java.lang.String" -> "some-text";
            case "java.nio.file.Path" -> "/tmp/some/file";
            default -> null;
        };
    }

    private Map<String, String> quickState(String[] line) throws Exception {
        Main.GlobalHolder global = new Main.GlobalHolder();
        CommandFactory factory = new CommandFactory(new TestServices(tmp.resolve("q")).services, global);
        Optional<QuickLine.Ready> ready = QuickLine.read(line, factory, global.get());
        return ready.isEmpty() ? Map.of() : state(ready.get().command(), global.get());
    }

    private Map<String, String> picocliState(String[] line) throws Exception {
        Main.GlobalHolder global = new Main.GlobalHolder();
        CommandFactory factory = new CommandFactory(new TestServices(tmp.resolve("p")).services, global);
        CommandLine cl = CommandTree.build(factory, line);
        CommandModel.configure(cl, Map.of());
        CommandLine.ParseResult result = cl.parseArgs(line);
        return state(result.subcommand().commandSpec().userObject(), global.get());
    }

    /** Every field of the command, its mixins and the global options, and what logging now lets through. */
    private static Map<String, String> state(Object command, GlobalOptions global) throws IllegalAccessException {
        Map<String, String> state = new LinkedHashMap<>();
        fields("", command, state);
        fields("global.", global, state);
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.homeport.upnp", "org.jupnp", "okhttp3", "org.xbill")) {
            org.slf4j.Logger l = LoggerFactory.getLogger(name);
            state.put("logging " + name, "" + l.isErrorEnabled() + l.isWarnEnabled() + l.isInfoEnabled() + l.isDebugEnabled());
        }
        return state;
    }

    /** The levels are process-wide: each test puts them back as they were. */
    @org.junit.jupiter.api.AfterEach
    void restoreLevels() {
        LogLevels.restoreDefaults();
    }

    private static void fields(String prefix, Object o, Map<String, String> state) throws IllegalAccessException {
        for (Field f : o.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getType() == Services.class || f.getType() == GlobalOptions.class) continue;
            f.setAccessible(true);
            Object v = f.get(o);
            if (v != null && v.getClass().getName().startsWith("dev.homeport.cli.")) {
                fields(prefix + f.getName() + ".", v, state);
            } else {
                state.put(prefix + f.getName(), v instanceof boolean[] b ? Arrays.toString(b) : String.valueOf(v));
            }
        }
    }
}
