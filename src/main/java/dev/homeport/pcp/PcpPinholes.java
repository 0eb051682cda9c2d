package dev.homeport.pcp;

import dev.homeport.core.HomeportException;
import dev.homeport.core.Pinhole;
import dev.homeport.core.PinholeResult;
import dev.homeport.core.Pinholes;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

/**
 * IPv6 inbound pinholes through PCP MAP (RFC 6887) sent over IPv6 from the pinhole's own address: what opens a port
 * below 1024 on miniupnpd, which refuses those over UPnP (606). Ids are {@code pcp:} and the MAP's nonce in hex: the
 * router lets only that nonce renew or delete the mapping, so the id (kept in state) is all a later run needs.
 *
 * <p>PCP has no query: {@link #exists} asks with a MAP of the same nonce, which renews the pinhole (or opens it again
 * after a router restart) and answers whether the router grants it; {@link #check} also reads the router's epoch in
 * the answer, which tells whether the router restarted since the pinhole was granted (then the MAP opened it again).
 * Every exchange is bounded by the client's schedule.
 */
public final class PcpPinholes implements Pinholes {
    private static final String PREFIX = "pcp:";
    /** The lease asked for a pinhole that must lapse: 1 s, which the router raises to its minimum (miniupnpd: 120 s). */
    private static final long SHORTEST_LEASE = 1;
    private final PcpClient client;
    private final SecureRandom random;
    private final String describe;

    /**
     * @param client     a client for the router's IPv6 address, sending from this host's stable global address
     * @param routerName how the router is named in output, e.g. its address {@code 2001:db8:1::1}
     */
    public PcpPinholes(PcpClient client, SecureRandom random, String routerName) {
        this.client = client;
        this.random = random;
        this.describe = "PCP MAP over IPv6 on " + routerName;
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public String describe(Pinhole pinhole) {
        return describe;
    }

    @Override
    public boolean issued(Pinhole pinhole) {
        return nonce(pinhole).isPresent();
    }

    /** Opens it with a fresh nonce (or the id's, renewing it); a refusal or silence of the router is a refusal. */
    @Override
    public PinholeResult open(Pinhole wanted) {
        Nonce n = nonce(wanted).orElseGet(() -> Nonce.random(random));
        try {
            PcpClient.Mapping m = client.map(request(wanted, n));
            long lease = Math.max(1, Math.min(Pinhole.MAX_LEASE, m.lifetime()));
            Pinhole got = new Pinhole(wanted.internalClient(), wanted.port(), wanted.protocol(), lease, PREFIX + n.hex());
            return new PinholeResult.Opened(got);
        } catch (PortControlException e) {
            return new PinholeResult.Refused("PCP: " + e.getMessage(), e.hint().orElse(""), e.resultCode().orElse(0));
        }
    }

    /**
     * A MAP with the id's nonce; false for an id this did not issue, or when the router answers NOT_AUTHORIZED: the
     * pinhole for that address and port is held with another nonce now (another PCP client, or homeport with other
     * state), so it is not this id's any more.
     */
    @Override
    public boolean renew(Pinhole pinhole) {
        Optional<Nonce> n = nonce(pinhole);
        if (n.isEmpty()) return false;
        try {
            client.map(request(pinhole, n.get()));
            return true;
        } catch (PortControlException e) {
            if (notAuthorized(e)) return false;
            throw e;
        }
    }

    /**
     * Deletes it with the id's nonce; ABSENT for another's id. When the router refuses the delete (NOT_AUTHORIZED), a
     * MAP with the same nonce and the shortest lease lets it lapse (LAPSING): miniupnpd 2.3.1 with nftables forgets a
     * pinhole's nonce whenever a MAP renews it (its rule is re-added without the description that held the nonce), and
     * refuses every delete after that, while it still takes a MAP from anyone. A router that checks nonces refuses
     * that MAP too when the pinhole is really another client's.
     *
     * @throws HomeportException NOT_OWNED when the router refuses both: it holds the pinhole for another PCP client
     */
    @Override
    public Closed close(Pinhole pinhole) {
        Optional<Nonce> n = nonce(pinhole);
        if (n.isEmpty()) return Closed.ABSENT;
        try {
            client.delete(request(pinhole, n.get()));
            return Closed.CLOSED;
        } catch (PortControlException e) {
            if (!notAuthorized(e)) throw e;
        }
        PcpClient.MapRequest shortest = request(pinhole, n.get()).withLifetime(SHORTEST_LEASE);
        try {
            PcpClient.Mapping m = client.map(shortest);
            if (m.externalPort() == pinhole.port()) return Closed.LAPSING;
            // A router that gave this nonce another port made a new mapping: not the pinhole, so take that one back.
            client.delete(new PcpClient.MapRequest(shortest.internalAddress(), pinhole.protocol(), pinhole.port(),
                    m.externalPort(), Optional.empty(), 0, n.get()));
        } catch (PortControlException e) {
            if (!notAuthorized(e)) throw e;
        }
        throw new HomeportException(HomeportException.Kind.NOT_OWNED, "IPv6 " + pinhole.key() + ": the router holds this"
                + " pinhole for another PCP client (its nonce is not " + pinhole.id() + "): left alone",
                "it lapses at the end of its lease (at most a day), or remove it in the router's admin page");
    }

    private static boolean notAuthorized(PortControlException e) {
        return e.resultCode().equals(Optional.of(ResultCodes.PCP_NOT_AUTHORIZED));
    }

    /** PCP cannot ask without acting: a MAP with the same nonce, which renews it; false for another's id. */
    @Override
    public boolean exists(Pinhole pinhole) {
        return renew(pinhole);
    }

    /**
     * A MAP with the id's nonce: REOPENED when the answer's epoch shows the router restarted after {@code granted};
     * GONE when the router answers NOT_AUTHORIZED (another nonce holds the pinhole now, see {@link #renew}).
     */
    @Override
    public Presence check(Pinhole pinhole, Instant granted) {
        Optional<Nonce> n = nonce(pinhole);
        if (n.isEmpty()) return Presence.GONE;
        try {
            PcpClient.Mapping m = client.map(request(pinhole, n.get()));
            return m.epoch().startedAfter(granted) ? Presence.REOPENED : Presence.HELD;
        } catch (PortControlException e) {
            if (notAuthorized(e)) return Presence.GONE;
            throw e;
        }
    }

    private static Optional<Nonce> nonce(Pinhole p) {
        if (!p.id().startsWith(PREFIX)) return Optional.empty();
        try {
            return Optional.of(new Nonce(p.id().substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static PcpClient.MapRequest request(Pinhole p, Nonce n) {
        return PcpClient.MapRequest.pinhole(address(p.internalClient()), p.protocol(), p.port(), p.leaseSeconds(), n);
    }

    private static Inet6Address address(String literal) {
        try {
            if (InetAddress.getByName(literal) instanceof Inet6Address a) return a;
        } catch (UnknownHostException e) {
            // falls through: Pinhole holds an IPv6 literal, so this does not happen
        }
        throw new IllegalArgumentException("'" + literal + "' is not an IPv6 address");
    }
}
