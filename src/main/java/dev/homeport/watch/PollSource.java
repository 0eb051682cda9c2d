package dev.homeport.watch;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a router whose announcements cannot reach this host (the outer router behind a double NAT: its multicast stays on
 * its own LAN), a question asked every {@code period} on a daemon thread: when {@code probe} answers a reason, the
 * watch loop reconciles. The probe only reads (one request per mapping at most); the reconcile does any repair, on
 * the loop's thread as always. At most one trigger per period, whatever the probe says.
 */
public final class PollSource implements EventSource {
    private static final Logger LOG = LoggerFactory.getLogger(PollSource.class);
    private final String name;
    private final Duration period;
    private final Supplier<Optional<String>> probe;
    private Thread thread;

    /**
     * @param name   for messages ({@code outer})
     * @param period between probes, positive
     * @param probe  the reason to reconcile now, or empty; never blocks for long (its requests are bounded)
     */
    public PollSource(String name, Duration period, Supplier<Optional<String>> probe) {
        this.name = Objects.requireNonNull(name, "name");
        if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period (" + period + ") must be positive");
        this.period = period;
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(Consumer<Trigger> sink) {
        if (thread != null) return;
        thread = new Thread(() -> loop(sink), "homeport-poll-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(Consumer<Trigger> sink) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            try {
                probe.get().ifPresent(why -> sink.accept(new Trigger(name, why, Optional.empty())));
            } catch (RuntimeException e) {
                LOG.debug("{}: the probe failed: {}", name, e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) thread.interrupt();
    }
}
