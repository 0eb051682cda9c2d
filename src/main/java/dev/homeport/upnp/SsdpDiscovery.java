package dev.homeport.upnp;

import dev.homeport.net.LocalNetwork;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the first usable gateway with one multicast M-SEARCH ({@link SsdpSearch}, perhaps sent at the process's
 * start) and one description GET per believed answer: what {@code forward}, {@code list} and {@code reassert} need,
 * without jUPnP, whose start, threads and five service-description fetches (never used by homeport) cost a cold run
 * about a third of its time (docs/performance.md).
 *
 * <p>The same trust rules as jUPnP's path: every answer passes {@link SsdpGuard} (LOCATION plain http on the
 * responder's own address, on a local subnet, at most 4 LOCATIONs a host), descriptions are read by
 * {@link DescriptionFetcher} (bounded body and time, no redirects, no DTD), and {@link GatewaySelector} keeps the
 * control URL on the description's host. The whole run ends within the window plus {@link SsdpSearch#FETCH_MILLIS}.
 */
final class SsdpDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(SsdpDiscovery.class);
    /** Descriptions fetched at once from hosts other than the default gateway (which always gets its own thread). */
    private static final int OTHER_FETCHES = 4;
    /** Descriptions one run reads at most: a LAN full of answering hosts must not make discovery endless. */
    private static final int MAX_FETCHES = 16;
    /** How long to wait for the default gateway once another gateway has answered. */
    private static final long PREFER_GRACE_MILLIS = 1000;
    /** A second M-SEARCH when nothing answered this soon (a datagram lost on Wi-Fi). */
    private static final long RESEND_MILLIS = 1000;

    private final OkHttpClient http;
    private final LocalNetwork network;

    SsdpDiscovery(OkHttpClient http, LocalNetwork network) {
        this.http = http;
        this.network = network;
    }

    /**
     * Reads {@code search} (or a search sent now) for up to {@code timeout} after it left; returns at the first
     * usable gateway, the default gateway preferred.
     */
    Discovery.Result run(Duration timeout, Optional<SsdpSearch> early) {
        long start = System.nanoTime();
        Optional<SsdpSearch> started = early.filter(SsdpSearch::take).or(() -> SsdpSearch.start(network).filter(SsdpSearch::take));
        if (started.isEmpty()) {
            return new Discovery.Result(List.of(), List.of("the search could not be sent (no usable network interface)"));
        }
        SsdpSearch search = started.get();
        Optional<String> preferred = search.preferred();
        SsdpGuard guard = search.guard();
        BlockingQueue<Object> events = search.events();
        Map<String, Discovery.Found> found = new LinkedHashMap<>();
        ThreadPoolExecutor others = new ThreadPoolExecutor(OTHER_FETCHES, OTHER_FETCHES, 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("ssdp-fetch"));
        others.allowCoreThreadTimeOut(true);
        LOG.debug("M-SEARCH sent {} ms {} discovery began", Math.abs(TimeUnit.NANOSECONDS.toMillis(start - search.sentAt())),
                search.sentAt() <= start ? "before" : "after");
        try (search) {
            // The window starts when the search left; a search sent at the process's start may be older than the window
            // when the JVM started slowly, so answers already in are always read (one more second for those in flight).
            long windowEnd = Math.max(search.sentAt() + timeout.toNanos(), start + TimeUnit.MILLISECONDS.toNanos(RESEND_MILLIS));
            long hardEnd = windowEnd + TimeUnit.MILLISECONDS.toNanos(SsdpSearch.FETCH_MILLIS);
            long resendAt = search.sentAt() + TimeUnit.MILLISECONDS.toNanos(RESEND_MILLIS);
            long graceEnd = Long.MAX_VALUE;
            Set<String> fetched = new HashSet<>();
            int pending = 0;
            // A search sent at the process's start whose answer has not come yet: the main thread has nothing else to do.
            if (early.isPresent() && early.get() == search && events.isEmpty()) ParserWarmup.run();
            while (true) {
                long now = System.nanoTime();
                // After the window only descriptions already being read may still come in.
                long end = Math.min(pending > 0 ? hardEnd : windowEnd, graceEnd);
                if (now >= end) break;
                long wakeUp = resendAt != 0 && resendAt < end ? resendAt : end;
                Object e = events.poll(Math.max(0, wakeUp - now), TimeUnit.NANOSECONDS);
                if (e == null) {
                    if (resendAt != 0 && System.nanoTime() >= resendAt) {
                        resendAt = 0;
                        if (fetched.isEmpty()) search.resend();
                    }
                    continue;
                }
                if (e instanceof SsdpSearch.Answer a) {
                    LOG.debug("SSDP answer from {} after {} ms: {} {}", a.responder(), millisSince(search.sentAt()), a.st(), a.location());
                    if (fetched.contains(a.location())) continue;
                    if (fetched.size() >= MAX_FETCHES) {
                        guard.refused(a.location() + ": not read (" + MAX_FETCHES + " descriptions read already)");
                        continue;
                    }
                    fetched.add(a.location());
                    pending++;
                    if (a.prefetched()) continue; // the search reads it already
                    Runnable fetch = () -> events.add(SsdpSearch.describe(http, network, a.location(), hardEnd));
                    if (a.preferred()) {
                        daemons("ssdp-gateway").newThread(fetch).start();
                    } else {
                        others.execute(fetch);
                    }
                    continue;
                }
                pending--;
                SsdpSearch.Described d = (SsdpSearch.Described) e;
                LOG.debug("{} described after {} ms", d.location(), millisSince(search.sentAt()));
                if (d.found().isEmpty()) {
                    guard.refused(d.location() + ": " + d.reason());
                    continue;
                }
                found.putIfAbsent(d.location(), d.found().get());
                if (preferred.isEmpty() || found.values().stream().anyMatch(f -> f.gateway().host().equals(preferred.get()))) break;
                graceEnd = Math.min(graceEnd, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PREFER_GRACE_MILLIS));
            }
            if (found.isEmpty() && pending > 0) guard.refused("discovery budget spent: " + pending + " description(s) not read");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            others.shutdownNow();
        }
        LOG.debug("discovery took {} ms, found {}", millisSince(start), found.keySet());
        return new Discovery.Result(Discovery.preferredFirst(found.values(), preferred), guard.refusals());
    }

    private static ThreadFactory daemons(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
