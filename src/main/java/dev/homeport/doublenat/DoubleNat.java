package dev.homeport.doublenat;

import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.net.Ipv4;
import dev.homeport.upnp.Gateway;
import dev.homeport.upnp.UnicastSearch;
import dev.homeport.upnp.Upnp;
import dev.homeport.upnp.UpnpRouter;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The double-NAT steps around an inner router reached by UPnP: detect, find the outer router, learn the inner's
 * address on the outer's LAN (the internal client the outer must forward to). See docs/double-nat.md.
 */
public final class DoubleNat {
    private static final Logger LOG = LoggerFactory.getLogger(DoubleNat.class);
    /** How long one unicast M-SEARCH waits (UDA: answer within 1 s; measured ~50 ms). */
    public static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(2);

    private final Upnp upnp;
    private final UnicastSearch search;
    private final DoubleNatDetector detector;

    public DoubleNat(Upnp upnp, UnicastSearch search, DoubleNatDetector detector) {
        this.upnp = upnp;
        this.search = search;
        this.detector = detector;
    }

    /** Detects from what {@code inner} reports (an empty report when it cannot say). */
    public Detection detect(UpnpRouter inner) {
        return detector.detect(reported(inner));
    }

    /**
     * As {@link #detect(UpnpRouter)} with the WAN address {@code inner} has just reported ({@code forward} asked it
     * for its output line), so it is not asked again; a null, empty or invalid one is asked again.
     */
    public Detection detect(UpnpRouter inner, String reported) {
        return detector.detect(Ipv4.isValid(reported) ? reported : reported(inner));
    }

    /**
     * As {@link #detect(UpnpRouter)}, but a single NAT that {@code memo} recalls for this router and WAN address is
     * believed without probing again, and a probed verdict is remembered (for the timer's reassert).
     */
    public Detection detect(UpnpRouter inner, SingleNatMemo memo) {
        return detector.detect(reported(inner), inner.gateway().udn(), memo);
    }

    private static String reported(UpnpRouter inner) {
        try {
            return inner.externalAddress();
        } catch (HomeportException e) {
            return "";
        }
    }

    /** The outer router, found by unicast M-SEARCH at the candidates in order; empty when none answers. */
    public Optional<UpnpRouter> findOuter(Detection d, Gateway inner) {
        for (String candidate : d.candidates()) {
            if (candidate.equals(inner.host())) continue;
            Optional<Gateway> g = search.find(candidate, inner.udn(), inner.localAddress(), SEARCH_TIMEOUT);
            if (g.isPresent()) return Optional.of(upnp.router(g.get()));
        }
        return Optional.empty();
    }

    /**
     * The inner router's address on the outer's LAN: the private address it reports, else what the outer records
     * as the source of a NAT-PMP request (a short-lived probe mapping on a random high port, removed at once).
     * Never this host's own address.
     *
     * @return empty when it cannot be learned without guessing
     */
    public Optional<String> innerWan(Detection d, UpnpRouter outer, String thisHost) {
        Optional<String> learned = d.innerWan().or(() -> viaNatPmp(outer));
        return learned.filter(a -> Ipv4.isValid(a) && !a.equals(thisHost));
    }

    private static Optional<String> viaNatPmp(UpnpRouter outer) {
        int probe = ThreadLocalRandom.current().nextInt(49152, 65535);
        String host = outer.gateway().host();
        try {
            Optional<NatPmp.Mapped> m = NatPmp.map(host, Protocol.TCP, probe, probe, 60);
            if (m.isEmpty()) return Optional.empty();
            try {
                return outer.find(m.get().externalPort(), Protocol.TCP).map(PortMapping::internalClient);
            } finally {
                NatPmp.map(host, Protocol.TCP, probe, 0, 0);
            }
        } catch (IOException | HomeportException e) {
            LOG.debug("NAT-PMP on the outer router {}: {}", host, e.getMessage());
            return Optional.empty();
        }
    }
}
