package dev.homeport.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the plainest command lines of the commands run most (cron's {@code reassert}, {@code forward --port 888},
 * {@code list}...) without picocli. Building picocli's model costs a short run about 130 ms of CPU (its classes,
 * one annotation proxy per annotation type, its built-in converters), more than the run's own work; see
 * docs/performance.md.
 *
 * <p>The options come from {@value #RESOURCE}, written from picocli's own model by {@code QuickLineTest} (which fails
 * when it is out of date), so there is one declaration of every option: the annotations. Only what this class reads
 * exactly as picocli does is taken: known options of the named command and the global ones, each at most once (a
 * flag such as {@code -v} may repeat), values as {@code --opt VALUE} or {@code --opt=VALUE} that do not start with
 * {@code -}, integers of plain digits, paths, strings, flags. Anything else (help, version, a typo, a positional
 * argument, an {@code @file} of arguments, a missing required option, an odd value, an option of another type) returns
 * empty, and picocli reads the line with its usual errors and suggestions.
 */
final class QuickLine {
    static final String RESOURCE = "quick-line.tsv";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    /** One option as picocli's model declares it. {@code command} is {@code *} for the global options. */
    record OptionEntry(String command, List<String> names, String owner, boolean method, String member, String type, boolean required,
                       Optional<String> defaultValue) {
        boolean flag() {
            return type.equals("boolean") || type.equals("[Z");
        }

        boolean repeatable() {
            return type.equals("[Z");
        }
    }

    /** A mixin field of a command: {@code field} of type {@code type}. */
    record MixinEntry(String command, String field, String type) {
    }

    /** The command-line model: commands by name (to their class), their mixins, and every option. */
    record Model(Map<String, String> commands, List<MixinEntry> mixins, List<OptionEntry> options) {
        Optional<OptionEntry> option(String command, String name) {
            for (OptionEntry o : options) {
                if ((o.command().equals("*") || o.command().equals(command)) && o.names().contains(name)) return Optional.of(o);
            }
            return Optional.empty();
        }
    }

    /** A command ready to run: its object (options applied) and its name. */
    record Ready(String name, Object command) {
    }

    private static volatile Model model;

    private QuickLine() {
    }

    /**
     * The command {@code args} name, built and with its options applied, when the line is plain enough (see the class
     * comment); empty when picocli must read it. Never throws for a line it declines.
     */
    static Optional<Ready> read(String[] args, CommandFactory factory, GlobalOptions global) {
        Model m = model();
        Optional<Parse> parse = parse(args, m);
        if (parse.isEmpty()) return Optional.empty();
        try {
            return Optional.of(apply(parse.get(), m, factory, global));
        } catch (ReflectiveOperationException e) {
            // The model is checked against the classes by QuickLineTest; if it still does not fit, picocli reads it.
            return Optional.empty();
        }
    }

    /** A line read: the command's name and the options in command-line order with their converted values. */
    record Parse(String command, List<Map.Entry<OptionEntry, Object>> given) {
    }

    static Optional<Parse> parse(String[] args, Model m) {
        String command = null;
        List<Map.Entry<OptionEntry, String>> raw = new ArrayList<>();
        for (String a : args) {
            // picocli reads an argument starting with @ as a file of arguments (a value included).
            if (a.startsWith("@")) return Optional.empty();
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (command == null && !a.startsWith("-")) {
                if (!m.commands().containsKey(a)) return Optional.empty();
                command = a;
                continue;
            }
            if (!a.startsWith("-") || a.equals("-") || a.equals("--")) return Optional.empty();
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String name = eq < 0 ? a : a.substring(0, eq);
            Optional<OptionEntry> o = m.option(command == null ? "*" : command, name);
            if (o.isEmpty()) return Optional.empty();
            String value = null;
            if (o.get().flag()) {
                if (eq >= 0) return Optional.empty();
            } else if (eq >= 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (value != null && (value.isEmpty() || value.startsWith("-"))) return Optional.empty();
            raw.add(Map.entry(o.get(), value == null ? "" : value));
        }
        if (command == null) return Optional.empty();
        return convert(command, raw, m);
    }

    private static Optional<Parse> convert(String command, List<Map.Entry<OptionEntry, String>> raw, Model m) {
        // Identity, not the records' equals/hashCode: those cost a cold run their method-handle bootstrap.
        Set<OptionEntry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<OptionEntry, Integer> counts = new IdentityHashMap<>();
        List<Map.Entry<OptionEntry, Object>> given = new ArrayList<>();
        for (Map.Entry<OptionEntry, String> e : raw) {
            OptionEntry o = e.getKey();
            if (!seen.add(o) && !o.repeatable()) return Optional.empty();
            Optional<Object> value;
            if (o.repeatable()) {
                int n = counts.merge(o, 1, Integer::sum);
                boolean[] flags = new boolean[n];
                java.util.Arrays.fill(flags, true);
                value = Optional.of(flags);
            } else {
                value = value(o.type(), e.getValue());
            }
            if (value.isEmpty()) return Optional.empty();
            given.add(Map.entry(o, value.get()));
        }
        for (OptionEntry o : m.options()) {
            if (o.command().equals(command) && o.required() && !seen.contains(o)) return Optional.empty();
        }
        return Optional.of(new Parse(command, given));
    }

    /** The value of {@code text} as picocli converts it for {@code type}, when this class converts it identically. */
    static Optional<Object> value(String type, String text) {
        switch (type) {
            case "boolean":
                return Optional.of(Boolean.TRUE);
            case "int":
            case "java.lang.Integer":
                return DIGITS.matcher(text).matches() ? Optional.of(Integer.valueOf(text)) : Optional.empty();
            case "java.lang.String":
                return Optional.of(text);
            case "java.nio.file.Path":
                try {
                    return Optional.of(Path.of(text));
                } catch (InvalidPathException e) {
                    return Optional.empty();
                }
            default:
                return Optional.empty();
        }
    }

    private static Ready apply(Parse p, Model m, CommandFactory factory, GlobalOptions global) throws ReflectiveOperationException {
        Class<?> type = Class.forName(m.commands().get(p.command()));
        Object command;
        try {
            command = factory.create(type);
        } catch (Exception e) {
            throw new ReflectiveOperationException(e);
        }
        Map<String, Object> owners = new LinkedHashMap<>();
        owners.put(type.getName(), command);
        owners.put(GlobalOptions.class.getName(), global);
        for (MixinEntry mixin : m.mixins()) {
            if (!mixin.command().equals(p.command())) continue;
            Object instance = construct(Class.forName(mixin.type()));
            Field f = type.getDeclaredField(mixin.field());
            f.setAccessible(true);
            f.set(command, instance);
            owners.put(mixin.type(), instance);
        }
        Set<OptionEntry> given = Collections.newSetFromMap(new IdentityHashMap<>());
        p.given().forEach(e -> given.add(e.getKey()));
        // picocli applies the default values first, then the options in the order of the command line.
        for (OptionEntry o : m.options()) {
            if (!o.command().equals(p.command()) || given.contains(o) || o.defaultValue().isEmpty()) continue;
            Optional<Object> value = value(o.type(), o.defaultValue().get());
            if (value.isEmpty()) throw new ReflectiveOperationException("default of " + o.names() + " not convertible");
            set(owners, o, value.get());
        }
        for (Map.Entry<OptionEntry, Object> e : p.given()) set(owners, e.getKey(), e.getValue());
        return new Ready(p.command(), command);
    }

    private static Object construct(Class<?> type) throws ReflectiveOperationException {
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    private static void set(Map<String, Object> owners, OptionEntry o, Object value) throws ReflectiveOperationException {
        Object owner = owners.get(o.owner());
        if (owner == null) throw new ReflectiveOperationException("no object of " + o.owner() + " for " + o.names());
        Class<?> ownerType = Class.forName(o.owner());
        if (o.method()) {
            Method setter = ownerType.getDeclaredMethod(o.member(), classOf(o.type()));
            setter.setAccessible(true);
            setter.invoke(owner, value);
        } else {
            Field f = ownerType.getDeclaredField(o.member());
            f.setAccessible(true);
            f.set(owner, value);
        }
    }

    private static Class<?> classOf(String type) throws ClassNotFoundException {
        switch (type) {
            case "boolean":
                return boolean.class;
            case "int":
                return int.class;
            default:
                return Class.forName(type);
        }
    }

    static Model model() {
        Model m = model;
        if (m == null) {
            try (InputStream in = QuickLine.class.getResourceAsStream(RESOURCE)) {
                m = in == null ? new Model(Map.of(), List.of(), List.of()) : load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            model = m;
        }
        return m;
    }

    /** Reads the model file: tab-separated lines {@code command}, {@code mixin} and {@code option}; # starts a comment. */
    static Model load(String text) {
        Map<String, String> commands = new LinkedHashMap<>();
        List<MixinEntry> mixins = new ArrayList<>();
        List<OptionEntry> options = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "command" -> commands.put(f[1], f[2]);
                    case "mixin" -> mixins.add(new MixinEntry(f[1], f[2], f[3]));
                    case "option" -> options.add(new OptionEntry(f[1], List.of(f[2].split("\\|")), f[3], f[4].equals("method"), f[5], f[6],
                            f[7].equals("required"), f[8].equals("-") ? Optional.empty() : Optional.of(f[8].substring(1))));
                    default -> throw new IllegalArgumentException("unknown line in " + RESOURCE + ": " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Model(Map.copyOf(commands), List.copyOf(mixins), List.copyOf(options));
    }
}
