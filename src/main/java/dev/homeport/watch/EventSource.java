package dev.homeport.watch;

import java.util.function.Consumer;

/**
 * A listener for routers' announcements: the seam where a new kind (PCP epoch checks, IPv6 router advertisements)
 * plugs into {@code watch}. A source runs on its own daemon thread, validates and rate-limits what it hears, and
 * hands the watch loop a {@link Trigger} only for what calls for a reconcile; it never changes the router itself
 * (a {@link PollSource} only reads, where no announcement can reach this host).
 */
public interface EventSource extends AutoCloseable {

    /** A short name for messages: {@code ssdp}, {@code announce}. */
    String name();

    /**
     * Starts listening; triggers go to {@code sink} (which never blocks).
     *
     * @throws java.io.UncheckedIOException when the socket cannot be opened (watch then runs on its interval only)
     */
    void start(Consumer<Trigger> sink);

    /** Stops listening and releases the socket; idempotent. */
    @Override
    void close();
}
