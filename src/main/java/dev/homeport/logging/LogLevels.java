package dev.homeport.logging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The levels of the process's loggers, held here so that answering "is DEBUG enabled?" needs no Logback: the root
 * logger and a few named ones with an explicit level, each other logger inheriting from its nearest named ancestor
 * (Logback's own rule, names split at {@code .} and {@code $}). The defaults are homeport's: WARN and up, jUPnP only
 * at ERROR (it warns about every bad description a LAN host sends; homeport reports those refusals itself), dnsjava
 * at WARN (at DEBUG it prints whole messages, TSIG records included). {@link #verbose} and {@link #quiet} are the
 * only changes, made by {@code -v}/{@code -vv}/{@code -q}.
 *
 * <p>Once Logback runs ({@link Logback}), every change is also made on its loggers, so both always agree. With
 * {@code -Dlogback.configurationFile=FILE} the user's file decides the levels: Logback starts with the first logger
 * and the changes go to it directly, as before this table existed.
 */
public final class LogLevels {
    static final String ROOT = "ROOT";
    /** The ints of {@link org.slf4j.event.Level}, plus OFF. */
    static final int TRACE = 0;
    static final int DEBUG = 10;
    static final int INFO = 20;
    static final int WARN = 30;
    static final int ERROR = 40;
    static final int OFF = Integer.MAX_VALUE;
    /** A user's Logback file replaces homeport's configuration, levels included. */
    static final boolean USER_FILE = System.getProperty("logback.configurationFile") != null;

    private static volatile Map<String, Integer> levels = defaults();
    private static volatile int generation;
    private static volatile boolean traces;
    private static boolean logbackStarted;

    private LogLevels() {
    }

    private static Map<String, Integer> defaults() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(ROOT, WARN);
        m.put("org.jupnp", ERROR);
        // jUPnP reports harmless spec deviations of routers (UDA minor version 1.1...) at WARN: noise for a CLI.
        m.put("org.jupnp.util.SpecificationViolationReporter", ERROR);
        m.put("okhttp3", WARN);
        m.put("org.xbill", WARN);
        return Collections.unmodifiableMap(m);
    }

    /** {@code -v} (INFO) or {@code -vv} (DEBUG, stack traces of logged exceptions, jUPnP's warnings). */
    public static synchronized void verbose(int verbosity) {
        int level = verbosity >= 2 ? DEBUG : INFO;
        set(ROOT, level);
        set("dev.homeport", level);
        traces = verbosity >= 2;
        if (verbosity >= 2) set("org.jupnp", WARN);
    }

    /** {@code -q}: nothing is logged at all, by homeport or a library; the error, if any, is printed by the CLI. */
    public static synchronized void quiet() {
        Map<String, Integer> m = new LinkedHashMap<>();
        levels.keySet().forEach(name -> m.put(name, OFF));
        m.put(ROOT, OFF);
        levels = Collections.unmodifiableMap(m);
        generation++;
        if (USER_FILE || logbackStarted) Logback.silence();
    }

    /** Back to the defaults (tests that ran a command with {@code -v} or {@code -q} in-process). */
    public static synchronized void restoreDefaults() {
        Map<String, Integer> before = levels;
        levels = defaults();
        traces = false;
        generation++;
        if (logbackStarted && !USER_FILE) {
            for (String name : before.keySet()) {
                Integer level = levels.get(name);
                if (level == null) Logback.inherit(name);
                else Logback.setLevel(name, level);
            }
        }
    }

    private static void set(String name, int level) {
        Map<String, Integer> m = new LinkedHashMap<>(levels);
        m.put(name, level);
        levels = Collections.unmodifiableMap(m);
        generation++;
        if (USER_FILE || logbackStarted) Logback.setLevel(name, level);
    }

    /** The level a logger of this name logs from: its own, else its nearest ancestor's, else the root's. */
    static int threshold(String name) {
        Map<String, Integer> m = levels;
        String n = name;
        while (true) {
            Integer level = m.get(n);
            if (level != null) return level;
            int cut = Math.max(n.lastIndexOf('.'), n.lastIndexOf('$'));
            if (cut <= 0) return m.get(ROOT);
            n = n.substring(0, cut);
        }
    }

    /** Changes with every level change, so loggers can cache their threshold. */
    static int generation() {
        return generation;
    }

    /** Whether logged exceptions carry their stack trace (-vv only). */
    static boolean traces() {
        return traces;
    }

    /**
     * Marks Logback as running and returns the levels to give its loggers; under the same lock as the changes, so a
     * change made meanwhile is either in these levels or made on Logback afterwards.
     */
    static synchronized Map<String, Integer> startLogback() {
        logbackStarted = true;
        return levels;
    }

    /** Whether this process has started Logback (a test's question: a run that logs nothing must not). */
    public static synchronized boolean logbackStarted() {
        return logbackStarted;
    }
}
