package dev.homeport.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInfo;

/**
 * The lab of {@code scripts/lab} seen from a test: a router running the real miniupnpd, the Pi ({@code lan},
 * 192.0.2.10), a second LAN host ({@code lan2}, 192.0.2.11) and the internet ({@code wan}), each a network namespace.
 *
 * <p>{@link #up} skips the calling test (JUnit assumptions, with the reason) unless it runs as root with the lab's
 * packages installed: a lab test is never reported as passed without having run. The lab's name comes from
 * {@code HOMEPORT_LAB}, else from the calling test class, so classes run one after another without colliding.
 * {@link #close} kills what the test started and takes the lab down, leaving nothing behind.
 *
 * <pre>{@code
 * class ForwardIT {
 *     private static Lab lab;
 *
 *     @BeforeAll static void up() { lab = Lab.up(); lab.serveHttp("lan", "192.0.2.10", 888, "hello\n"); }
 *     @AfterAll static void down() { if (lab != null) lab.close(); }
 *
 *     @Test void forwardOpensThePort() {
 *         assertEquals(0, lab.homeport("lan", "forward", "--port", "888").exitCode());
 *         assertEquals(Optional.of("hello\n"), lab.fetchFromWan(888));
 *     }
 * }
 * }</pre>
 */
public final class Lab implements AutoCloseable {

    /** What a command did: its exit code and everything it printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** True when the command exited 0. */
        public boolean ok() {
            return exitCode == 0;
        }
    }

    static final String ROUTER_LAN = "192.0.2.1";
    private static final List<String> TOOLS = List.of("ip", "nft", "miniupnpd", "upnpc", "dnsmasq", "curl", "python3");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    /** curl's exit codes for "nothing answered there": 7 refused, 22 HTTP error, 28 timeout, 52 empty, 56 reset. */
    private static final Set<Integer> CURL_UNREACHABLE = Set.of(7, 22, 28, 52, 56);
    private static final Pattern MAPPING_LINE = Pattern.compile("^\\s*\\d+\\s+((?:TCP|UDP)\\s+\\d+->.*)$");

    private final String name;
    private final Path root;
    private final Path jar;
    private final Path work;
    private final List<Process> started = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private Lab(String name, Path root, Path jar) {
        this.name = name;
        this.root = root;
        this.jar = jar;
        try {
            this.work = Files.createTempDirectory("homeport-lab-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A test JVM killed by a timeout still takes its lab down.
        this.shutdownHook = new Thread(this::closeQuietly, "lab-" + name + "-down");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Skips the calling test unless root and the lab packages are present; otherwise runs {@code scripts/lab up [args]}
     * for the lab named by {@code HOMEPORT_LAB}, or by default after the calling test class.
     *
     * @param args nothing, {@code "cgnat"} or {@code "igd1"}
     * @throws org.opentest4j.TestAbortedException when the lab cannot run here (reported as skipped, with the reason)
     * @throws IllegalStateException when the lab should run here but does not come up
     */
    public static Lab up(String... args) {
        return upNamed(defaultName(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass()),
                args);
    }

    /**
     * Like {@link #up}, for the test class JUnit is running (which may be a subclass of the one declaring the
     * {@code @BeforeAll}): the lab is named after it, and its router is IGD:1 only when the class is {@link Igd1}.
     */
    public static Lab upFor(TestInfo info) {
        Class<?> c = info.getTestClass().orElseThrow(() -> new IllegalArgumentException("no test class in " + info));
        return upNamed(defaultName(c), c.isAnnotationPresent(Igd1.class) ? new String[] {"igd1"} : new String[0]);
    }

    /** Like {@link #up}, with {@code defaultName} used when {@code HOMEPORT_LAB} is not set. */
    public static Lab upNamed(String defaultName, String... args) {
        unavailableReason().ifPresent(Assumptions::abort);
        Path root = repoRoot();
        Path jar = Path.of(System.getProperty("homeport.jar", root.resolve("target/homeport.jar").toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package (failsafe runs after it)");
        }
        String env = System.getenv("HOMEPORT_LAB");
        Lab lab = new Lab(env == null || env.isBlank() ? defaultName : env, root, jar);
        List<String> cmd = new ArrayList<>(List.of("up"));
        cmd.addAll(List.of(args));
        Result r = lab.script(cmd);
        if (!r.ok()) {
            lab.closeQuietly();
            throw new IllegalStateException("scripts/lab up failed: " + r);
        }
        return lab;
    }

    /**
     * Why the lab cannot run on this machine (not root, packages missing, no network namespaces), or empty when it can.
     * {@link LabCondition} uses it to report every test of a lab IT class as skipped with this reason.
     */
    public static Optional<String> unavailableReason() {
        if (!isRoot()) {
            return Optional.of("lab tests need root (network namespaces): run 'sudo scripts/test'");
        }
        List<String> missing = TOOLS.stream().filter(t -> findTool(t).isEmpty()).toList();
        if (!missing.isEmpty()) {
            return Optional.of("lab tools missing (" + String.join(", ", missing) + "): as root, scripts/test installs"
                    + " iproute2 nftables miniupnpd-nftables miniupnpc dnsmasq-base curl python3");
        }
        if (!canCreateNamespaces()) {
            return Optional.of("this machine does not allow network namespaces ('unshare --net true' failed)");
        }
        return Optional.empty();
    }

    /** The lab's name (prefix of its namespaces). */
    public String name() {
        return name;
    }

    /** Runs {@code java -jar target/homeport.jar args} in the namespace of {@code host}, with its own state dir. */
    public Result homeport(String host, String... args) {
        return homeportWithEnv(host, Map.of(), args);
    }

    /** Like {@link #homeport}, with extra environment variables (they may override HOMEPORT_STATE_DIR). */
    public Result homeportWithEnv(String host, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Map<String, String> all = new HashMap<>();
        all.put("HOMEPORT_STATE_DIR", stateDir(host).toString());
        all.put("HOMEPORT_CONFIG", noConfig().toString());
        all.putAll(env);
        return run(inNamespace(host, cmd), all);
    }

    /** Runs any command in the namespace of {@code host} (lan, lan2, wan or router) and waits for it. */
    public Result exec(String host, String... cmd) {
        return run(inNamespace(host, List.of(cmd)), Map.of());
    }

    /** Starts a background process in the namespace of {@code host}; {@link #close} kills it. Output goes to a file. */
    public Process start(String host, String... cmd) {
        try {
            Path log = Files.createTempFile(work, "process-", ".log");
            ProcessBuilder pb = new ProcessBuilder(inNamespace(host, List.of(cmd)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().put("HOMEPORT_LAB", name);
            pb.environment().put("HOMEPORT_CONFIG", noConfig().toString());
            Process p = pb.start();
            p.getOutputStream().close();
            synchronized (started) {
                started.add(p);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code body} at http://bindAddress:port/ from the namespace of {@code host}, until {@link #close}. */
    public void serveHttp(String host, String bindAddress, int port, String body) {
        try {
            Path dir = Files.createDirectories(work.resolve("www-" + host + "-" + port));
            Files.writeString(dir.resolve("index.html"), body, StandardCharsets.UTF_8);
            Process p = start(host, "python3", "-m", "http.server", Integer.toString(port), "--bind", bindAddress,
                    "--directory", dir.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (exec(host, "curl", "-fsS", "-o", "/dev/null", "-m", "1", "http://" + bindAddress + ":" + port + "/").ok()) {
                    return;
                }
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("web server on " + bindAddress + ":" + port + " in " + host + " did not start");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * GET http://&lt;router WAN&gt;:port/ from the internet side (3 s timeout): the body, or empty when nothing answered
     * there (connection refused or timed out, an empty reply or an HTTP error).
     *
     * @throws AssertionError when the fetch itself could not run (the lab's namespaces are gone, curl is missing): an
     *                        empty answer must mean "not reachable", never "not asked"
     */
    public Optional<String> fetchFromWan(int port) {
        Result r = exec("wan", "curl", "-fsS", "-m", "3", "http://" + wanAddress() + ":" + port + "/");
        if (r.ok()) {
            return Optional.of(r.stdout());
        }
        if (!CURL_UNREACHABLE.contains(r.exitCode())) {
            throw new AssertionError("could not fetch port " + port + " from the WAN side (curl exit " + r.exitCode() + "): " + r);
        }
        return Optional.empty();
    }

    /** The router's current WAN address (11.7.0.2, 100.64.0.2 with cgnat, or what {@link #setWan} set). */
    public String wanAddress() {
        return readRunFile("wan-address").orElse("11.7.0.2");
    }

    /** The UPnP version the router describes itself as: "IGD:1" in a lab started with {@code igd1}, else "IGD:2". */
    public String igd() {
        return readRunFile("mode").filter("igd1"::equals).map(m -> "IGD:1").orElse("IGD:2");
    }

    /** The address of a LAN host: 192.0.2.10 for lan, 192.0.2.11 for lan2. */
    public String lanAddress(String host) {
        return switch (host) {
            case "lan" -> "192.0.2.10";
            case "lan2" -> "192.0.2.11";
            case "router" -> ROUTER_LAN;
            default -> throw new IllegalArgumentException("host '" + host + "' is not on the LAN (lan, lan2, router)");
        };
    }

    /** The router's current device description URL, e.g. http://192.0.2.1:5000/rootDesc.xml. */
    public String descriptionUrl() {
        return "http://" + ROUTER_LAN + ":" + readRunFile("http_port").orElse("5000") + "/rootDesc.xml";
    }

    /** Restarts miniupnpd with an empty table, as a router reboot does. */
    public void rebootRouter() {
        checked(script(List.of("reboot-router")), "reboot-router");
    }

    /** Restarts miniupnpd with an empty table on another HTTP port (routers do that). */
    public void rebootRouter(int httpPort) {
        checked(script(List.of("reboot-router", "--port", Integer.toString(httpPort))), "reboot-router --port");
    }

    /** Gives the router a new WAN address; the internet host moves to .1 of the same /24. */
    public void setWan(String ip) {
        checked(script(List.of("set-wan", ip)), "set-wan");
    }

    /** Starts or stops miniupnpd only; the router keeps routing. */
    public void upnp(boolean on) {
        checked(script(List.of("upnp", on ? "on" : "off")), "upnp");
    }

    /**
     * What the router speaks, restarting miniupnpd with an empty table: {@code all} (UPnP, NAT-PMP, PCP), {@code pmp}
     * (UPnP off, NAT-PMP and PCP on) or {@code upnp}.
     */
    public void routerProtocols(String which) {
        checked(script(List.of("router-protocols", which)), "router-protocols");
    }

    /** double-nat lab: starts or stops the outer router's (ISP box's) miniupnpd only; it keeps routing. */
    public void outerUpnp(boolean on) {
        checked(script(List.of("outer-upnp", on ? "on" : "off")), "outer-upnp");
    }

    /** double-nat lab: restarts the outer router's miniupnpd with an empty table. */
    public void rebootOuter() {
        checked(script(List.of("reboot-outer")), "reboot-outer");
    }

    /** Sets the A record {@code n} to {@code ip} in the lab DNS (the resolver of lan and lan2). */
    public void dns(String n, String ip) {
        checked(script(List.of("dns", n, ip)), "dns");
    }

    /**
     * miniupnpd's own table as {@code upnpc -l} prints it, one entry a line without the index, e.g.
     * {@code TCP   888->192.0.2.10:888  'homeport pi 888' '' 604795}. Empty only when the router answered that its
     * table is empty.
     *
     * @throws AssertionError when the router could not be asked (miniupnpd down, upnpc failed, or the listing did not
     *                        end with miniupnpd's 713 "end of table"), so "the table is empty" is never assumed
     */
    public List<String> routerMappings() {
        Result r = exec("lan", "upnpc", "-i", "-u", descriptionUrl(), "-l");
        if (!r.ok() || !r.stdout().contains(" i protocol exPort->inAddr:inPort") || !r.stdout().contains("returned 713")) {
            throw new AssertionError("could not read the router's table (upnpc -l from lan, " + descriptionUrl() + "): " + r);
        }
        List<String> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            Matcher m = MAPPING_LINE.matcher(line);
            if (m.matches()) {
                out.add(m.group(1).trim());
            }
        }
        return out;
    }

    /**
     * Adds a mapping with the reference client from {@code host} ({@code upnpc -e description -a client port port
     * protocol}), as another program on the LAN would; a test's precondition, so it fails the test unless the router
     * confirmed it.
     */
    public void upnpcAdd(String host, String description, String client, int port, String protocol) {
        String p = Integer.toString(port);
        Result r = exec(host, "upnpc", "-u", descriptionUrl(), "-e", description, "-a", client, p, p, protocol);
        if (!r.ok() || !r.stdout().contains("is redirected to internal " + client + ":" + p)) {
            throw new AssertionError("upnpc could not add " + port + "/" + protocol + " -> " + client + " from " + host + ": " + r);
        }
    }

    /**
     * A config file that does not exist, passed as HOMEPORT_CONFIG: without {@code --config} homeport in the lab reads no
     * config, whatever this machine has in ~/.config/homeport or /etc/homeport.
     */
    public Path noConfig() {
        return work.resolve("no-config.yaml");
    }

    /** A state directory of this lab for {@code host}, passed to homeport as HOMEPORT_STATE_DIR. */
    public Path stateDir(String host) {
        try {
            return Files.createDirectories(work.resolve("state-" + host));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the processes started through this lab, takes the lab down and deletes its files. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself: nothing to remove.
        }
        List<Process> procs;
        synchronized (started) {
            procs = new ArrayList<>(started);
            started.clear();
        }
        for (Process p : procs) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : procs) {
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Result down = script(List.of("down"));
        deleteTree(work);
        if (!down.ok()) {
            throw new IllegalStateException("scripts/lab down failed: " + down);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("lab " + name + ": " + e.getMessage());
        }
    }

    /** A new empty file in this lab's own temporary directory, which {@link #close()} deletes. */
    public Path tempFile(String prefix, String suffix) {
        try {
            return Files.createTempFile(work, prefix, suffix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs {@code scripts/lab args} for this lab (for tests of the lab itself). */
    Result labScript(String... args) {
        return script(List.of(args));
    }

    private Result script(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("scripts/lab").toString());
        cmd.addAll(args);
        return run(cmd, Map.of());
    }

    private static void checked(Result r, String what) {
        if (!r.ok()) {
            throw new IllegalStateException("scripts/lab " + what + " failed: " + r);
        }
    }

    private List<String> inNamespace(String host, List<String> cmd) {
        String ns = switch (host) {
            case "lan", "lan2", "wan", "router", "outer" -> name + "-" + host;
            default -> throw new IllegalArgumentException("unknown lab host '" + host + "': use lan, lan2, wan, router or outer");
        };
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(cmd);
        return all;
    }

    private Result run(List<String> cmd, Map<String, String> env) {
        try {
            Path out = Files.createTempFile(work, "out-", ".txt");
            Path err = Files.createTempFile(work, "err-", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("HOMEPORT_LAB", name);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            boolean done = p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Result r = new Result(done ? p.exitValue() : -1, Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (!done) {
                throw new IllegalStateException("timed out after " + COMMAND_TIMEOUT.toSeconds() + " s: " + cmd + " " + r);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Optional<String> readRunFile(String file) {
        Path p = Path.of("/run/homeport-lab", name, file);
        try {
            return Files.isRegularFile(p) ? Optional.of(Files.readString(p).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String defaultName(Class<?> caller) {
        String simple = caller.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (simple.endsWith("it")) {
            simple = simple.substring(0, simple.length() - 2);
        }
        // HOMEPORT_LAB_PREFIX (one letter, default "t") lets several checkouts run the same tests at once.
        String prefix = System.getenv().getOrDefault("HOMEPORT_LAB_PREFIX", "t");
        String n = (prefix.matches("[a-z]") ? prefix : "t") + simple;
        return n.length() > 10 ? n.substring(0, 10) : n;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path repoRoot() {
        return Path.of(System.getProperty("homeport.root", System.getProperty("user.dir"))).toAbsolutePath();
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<Path> findTool(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst();
    }

    private static boolean canCreateNamespaces() {
        try {
            Process p = new ProcessBuilder("unshare", "--net", "true").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Deletes a directory tree a test made (best effort; says so on stderr when it cannot). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("lab: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
