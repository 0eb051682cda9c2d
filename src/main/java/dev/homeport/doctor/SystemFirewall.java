package dev.homeport.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ufw status verbose}, {@code nft list ruleset} and {@code iptables-save} with fixed arguments. They live
 * in sbin directories that a normal user's PATH often lacks, so they are looked up there by absolute path.
 */
final class SystemFirewall implements Firewall {
    static final List<Path> DIRS = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"), Path.of("/bin"),
            Path.of("/usr/local/sbin"));
    private static final int OUTPUT_CAP = 1 << 20;

    private final List<Path> dirs;
    private final Duration timeout;

    /**
     * @param dirs    where to look for the tools, in order
     * @param timeout how long one tool may take
     */
    SystemFirewall(List<Path> dirs, Duration timeout) {
        this.dirs = List.copyOf(dirs);
        this.timeout = timeout;
    }

    @Override
    public List<Dump> read() {
        List<Dump> out = new ArrayList<>();
        out.add(run("ufw", "ufw", "status", "verbose"));
        out.add(run("nft", "nft", "list", "ruleset"));
        out.add(run("iptables", "iptables-save", "-t", "filter"));
        return out;
    }

    private Dump run(String tool, String program, String... args) {
        Optional<Path> exe = dirs.stream().map(d -> d.resolve(program)).filter(Files::isExecutable).findFirst();
        if (exe.isEmpty()) return new Dump(tool, Outcome.MISSING, program + " not installed");
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.get().toString());
        cmd.addAll(List.of(args));
        Path output = null;
        try {
            // to a file, not a pipe: a tool that hangs without writing must not block the read past the timeout
            output = Files.createTempFile("homeport-doctor-", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Dump(tool, Outcome.FAILED, program + " did not finish within " + timeout.toSeconds() + " s");
            }
            String text = read(output);
            if (p.exitValue() == 0 && !deniedText(text)) return new Dump(tool, Outcome.TEXT, text);
            return new Dump(tool, deniedText(text) ? Outcome.NOT_PERMITTED : Outcome.FAILED, text);
        } catch (IOException e) {
            return new Dump(tool, Outcome.FAILED, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Dump(tool, Outcome.FAILED, "interrupted");
        } finally {
            if (output != null) output.toFile().delete();
        }
    }

    static boolean deniedText(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("permission denied") || t.contains("operation not permitted") || t.contains("must be root")
                || t.contains("need to be root");
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(OUTPUT_CAP), StandardCharsets.UTF_8);
        }
    }
}
