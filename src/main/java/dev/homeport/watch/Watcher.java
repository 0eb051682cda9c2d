package dev.homeport.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The watch loop: reconcile at start, then whenever a router's announcement calls for it (several arriving together
 * make one reconcile), on the interval, and after a config change; retry sooner after a failure. One thread does
 * everything in turn, so a stop or reload request waits for the current step to finish and state stays consistent.
 */
public final class Watcher {
    private final Work work;
    private final Mailbox mailbox;
    private final Timing timing;
    private int failures;
    private long lastEnd;

    /** What the loop asks of the rest of homeport. */
    public interface Work {
        /**
         * Reconciles once (router and DNS), printing what changed; never throws for a router or DNS problem.
         *
         * @return whether it got through; {@link Outcome#FAILED} makes the loop retry sooner
         */
        Outcome reconcile(Reason reason);

        /**
         * Reloads the config: when {@code force}, always (SIGHUP); else only when the file changed. A broken new config
         * is reported and the old one kept.
         *
         * @return true when a new config is now in force
         */
        boolean reload(boolean force);
    }

    /** How a reconcile went. */
    public enum Outcome { DONE, FAILED }

    /**
     * Why a reconcile runs.
     *
     * @param kind     what started it
     * @param text     one line for the user
     * @param location the router's new description URL, when it announced one
     */
    public record Reason(Kind kind, String text, Optional<String> location) {
        public Reason {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(location, "location");
        }

        /** What started a reconcile. */
        public enum Kind { START, PERIODIC, RETRY, ANNOUNCED, CONFIG }
    }

    /**
     * The loop's times.
     *
     * @param interval   between periodic checks
     * @param configPoll how often the config file is looked at for changes
     * @param settle     how long after an announcement more are awaited (a router sends a burst)
     * @param settleMax  the longest an announcement waits for its reconcile because more keep coming
     * @param minSpacing the least time between the end of one reconcile and an announced one (a flood of spoofed
     *                   announcements costs at most this rate)
     * @param retry      the first retry after a failure; doubled after each, up to {@code interval}
     */
    public record Timing(Duration interval, Duration configPoll, Duration settle, Duration settleMax, Duration minSpacing,
                         Duration retry) {
        public Timing {
            for (Duration d : List.of(interval, configPoll, settle, settleMax, minSpacing, retry)) {
                if (d.isNegative()) throw new IllegalArgumentException("durations must not be negative: " + d);
            }
            if (interval.isZero()) throw new IllegalArgumentException("interval (" + interval + ") must be positive");
            if (configPoll.isZero()) throw new IllegalArgumentException("configPoll (" + configPoll + ") must be positive");
        }

        /** The defaults around {@code interval}. */
        public static Timing of(Duration interval) {
            return new Timing(interval, Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), Duration.ofSeconds(5));
        }
    }

    public Watcher(Work work, Mailbox mailbox, Timing timing) {
        this.work = Objects.requireNonNull(work, "work");
        this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
        this.timing = Objects.requireNonNull(timing, "timing");
    }

    /** Runs until a {@link Event.Stop} arrives (or the thread is interrupted). */
    public void run() {
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() throws InterruptedException {
        long nextCheck = reconcile(new Reason(Reason.Kind.START, "start", Optional.empty()));
        long nextPoll = mailbox.nanoTime() + timing.configPoll().toNanos();
        while (true) {
            long now = mailbox.nanoTime();
            Optional<Event> event = mailbox.poll(Math.min(nextCheck, nextPoll) - now);
            now = mailbox.nanoTime();
            Optional<Reason> reason = Optional.empty();
            if (event.isEmpty()) {
                if (now - nextPoll >= 0) {
                    nextPoll = now + timing.configPoll().toNanos();
                    if (work.reload(false)) reason = Optional.of(new Reason(Reason.Kind.CONFIG, "config changed", Optional.empty()));
                }
                if (reason.isEmpty() && now - nextCheck >= 0) {
                    reason = Optional.of(failures > 0 ? new Reason(Reason.Kind.RETRY, "retry after a failure", Optional.empty())
                            : new Reason(Reason.Kind.PERIODIC, "periodic check", Optional.empty()));
                }
            } else if (event.get() instanceof Event.Stop) {
                return;
            } else if (event.get() instanceof Event.Reload) {
                if (work.reload(true)) reason = Optional.of(new Reason(Reason.Kind.CONFIG, "config reloaded", Optional.empty()));
            } else {
                Optional<Reason> settled = settle((Trigger) event.get());
                if (settled.isEmpty()) return;
                reason = settled;
            }
            if (reason.isPresent()) nextCheck = reconcile(reason.get());
        }
    }

    /**
     * Waits for the rest of a burst of announcements (and for the spacing after the last reconcile), then says why to
     * reconcile; empty when a stop arrived meanwhile.
     */
    private Optional<Reason> settle(Trigger first) throws InterruptedException {
        List<Trigger> heard = new ArrayList<>(List.of(first));
        long start = mailbox.nanoTime();
        long spacing = lastEnd + timing.minSpacing().toNanos();
        long hardMax = Math.max(start + timing.settleMax().toNanos(), spacing);
        long deadline = Math.max(start + timing.settle().toNanos(), spacing);
        boolean reload = false;
        while (true) {
            long now = mailbox.nanoTime();
            if (deadline - now <= 0) break;
            Optional<Event> e = mailbox.poll(deadline - now);
            if (e.isEmpty()) continue;
            if (e.get() instanceof Event.Stop) return Optional.empty();
            if (e.get() instanceof Event.Reload) {
                reload = true;
            } else if (e.get() instanceof Trigger t) {
                heard.add(t);
                deadline = Math.min(Math.max(deadline, mailbox.nanoTime() + timing.settle().toNanos()), hardMax);
            }
        }
        if (reload) work.reload(true);
        Optional<String> location = heard.stream().map(Trigger::location).flatMap(Optional::stream).reduce((a, b) -> b);
        String text = first.why() + (heard.size() > 1 ? " (+" + (heard.size() - 1) + " more)" : "");
        return Optional.of(new Reason(Reason.Kind.ANNOUNCED, text, location));
    }

    /** Reconciles and returns when the next periodic check (or retry) is due. */
    private long reconcile(Reason reason) {
        Outcome o = work.reconcile(reason);
        long now = mailbox.nanoTime();
        lastEnd = now;
        if (o == Outcome.DONE) {
            failures = 0;
            return now + timing.interval().toNanos();
        }
        failures++;
        long backoff = timing.retry().toNanos() << Math.min(failures - 1, 20);
        return now + Math.min(backoff, timing.interval().toNanos());
    }
}
