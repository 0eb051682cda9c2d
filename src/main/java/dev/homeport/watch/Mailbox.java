package dev.homeport.watch;

import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Where events wait for the watch loop, and the loop's clock: the seam that lets tests drive the loop on a fake
 * clock. {@link #system()} is the real one.
 */
public interface Mailbox {

    /** Now, in nanoseconds on a monotonic clock. */
    long nanoTime();

    /**
     * The next event, waiting up to {@code timeoutNanos}.
     *
     * @return empty when the time ran out
     */
    Optional<Event> poll(long timeoutNanos) throws InterruptedException;

    /** Posts an event from any thread; never blocks (triggers beyond a bound are dropped: they would coalesce anyway). */
    void post(Event e);

    /** A mailbox on {@link System#nanoTime()}. */
    static Mailbox system() {
        return new Mailbox() {
            private static final int MAX_TRIGGERS = 64;
            private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Optional<Event> poll(long timeoutNanos) throws InterruptedException {
                return Optional.ofNullable(queue.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS));
            }

            @Override
            public void post(Event e) {
                if (e instanceof Trigger && queue.size() >= MAX_TRIGGERS) return;
                queue.add(e);
            }
        };
    }
}
