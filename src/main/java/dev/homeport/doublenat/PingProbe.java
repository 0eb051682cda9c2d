package dev.homeport.doublenat;

import dev.homeport.net.Ipv4;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link HopProbe} with the system's {@code ping -n -c1 -W1 -t TTL} (iputils), bounded in time and output. A probe
 * that expects the target's own reply first asks the JDK's echo with the same TTL (an ICMP echo as root, else a TCP
 * connection to port 7 where a refusal counts as an answer): when the target answers, no process is started (a
 * {@code ping} process cost a cold forward about 15 ms); when it does not within {@link #ECHO_TIMEOUT}, {@code ping}
 * says who answered instead.
 */
public final class PingProbe implements HopProbe {
    /** How long the JDK's echo waits for the target's reply (a router on the LAN answers in a millisecond or two). */
    static final Duration ECHO_TIMEOUT = Duration.ofMillis(250);
    private static final Pattern EXCEEDED = Pattern.compile("(?m)^From ([0-9.]+)(?: icmp_seq=\\d+)? Time to live exceeded");
    private static final Pattern REPLY = Pattern.compile("(?m)^\\d+ bytes from ([0-9.]+):");
    private static final int MAX_OUTPUT = 8192;
    private final Duration timeout;
    private final String command;
    private final Echo echo;

    /** An echo request with a TTL that says only whether the target itself answered. */
    @FunctionalInterface
    interface Echo {
        boolean answered(String target, int ttl) throws IOException;
    }

    public PingProbe(Duration timeout) {
        this(timeout, "ping", PingProbe::jdkEcho);
    }

    PingProbe(Duration timeout, String command, Echo echo) {
        this.timeout = timeout;
        this.command = command;
        this.echo = echo;
    }

    @Override
    public Optional<Hop> probeExpectingReply(String target, int ttl) {
        if (!Ipv4.isValid(target) || ttl < 1 || ttl > 64) return Optional.empty();
        try {
            if (echo.answered(target, ttl)) return Optional.of(new Hop(target, true));
        } catch (IOException e) {
            // no answer this way: ping says more
        }
        return probe(target, ttl);
    }

    private static boolean jdkEcho(String target, int ttl) throws IOException {
        return InetAddress.getByName(target).isReachable(null, ttl, (int) ECHO_TIMEOUT.toMillis());
    }

    @Override
    public Optional<Hop> probe(String target, int ttl) {
        if (!Ipv4.isValid(target) || ttl < 1 || ttl > 64) return Optional.empty();
        long seconds = Math.max(1, timeout.toSeconds());
        ProcessBuilder pb = new ProcessBuilder(List.of(command, "-n", "-c1", "-W" + seconds, "-t", Integer.toString(ttl), target))
                .redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return Optional.empty(); // no ping on this system: the probe says nothing
        }
        try (InputStream in = p.getInputStream()) {
            byte[] out = in.readNBytes(MAX_OUTPUT);
            if (!p.waitFor(seconds + 2, TimeUnit.SECONDS)) p.destroyForcibly();
            return parse(new String(out, StandardCharsets.UTF_8), target);
        } catch (IOException e) {
            p.destroyForcibly();
            return Optional.empty();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Reads iputils ping's output: an echo reply from {@code target}, or "Time to live exceeded" from a hop. */
    static Optional<Hop> parse(String output, String target) {
        Matcher m = EXCEEDED.matcher(output);
        if (m.find() && Ipv4.isValid(m.group(1))) return Optional.of(new Hop(m.group(1), false));
        Matcher r = REPLY.matcher(output);
        if (r.find() && Ipv4.isValid(r.group(1))) return Optional.of(new Hop(r.group(1), r.group(1).equals(target)));
        return Optional.empty();
    }
}
