package dev.homeport.pcp;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import dev.homeport.net.Ipv4;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A router reached over PCP or NAT-PMP. These protocols have no descriptions and no way to list the router's table,
 * so {@link #list()} and {@link #find} answer from what homeport recorded making ({@link HeldMappings}); a mapping
 * homeport did not record is never renewed or deleted. The first call that needs the router compares its epoch with
 * the one recorded: when the router restarted, it forgot every mapping, so the held ones are dropped (and reported)
 * and the next {@code add} re-creates them; {@code reassert} re-creates all of them in one run.
 */
public final class PortControlRouter implements Router {
    private static final Logger LOG = LoggerFactory.getLogger(PortControlRouter.class);
    /** Asked for a permanent lease: PCP's lifetime 0 means delete, so ask for a week and let the router cap it. */
    static final long PERMANENT_ASK = 604_800;

    private final Mapper mapper;
    private final HeldMappings state;
    private final Clock clock;
    private final String gateway;
    private boolean epochChecked;
    private Optional<Restart> restart = Optional.empty();
    private Optional<InetAddress> lastExternal = Optional.empty();
    private Optional<Epoch> epoch = Optional.empty();

    PortControlRouter(Mapper mapper, HeldMappings state, Clock clock, String gateway) {
        this.mapper = mapper;
        this.state = state;
        this.clock = clock;
        this.gateway = gateway;
    }

    /** A restart of the router, seen from its epoch: what homeport held there is gone. */
    public record Restart(Epoch before, Epoch now, List<String> lost) {
    }

    /** {@code pcp} or {@code natpmp}. */
    public String protocolId() {
        return mapper.id();
    }

    @Override
    public String describe() {
        return mapper.label() + " on " + mapper.server();
    }

    /** This host's address as the router sees it: the only internal client these protocols map to. */
    public String localAddress() {
        return mapper.clientAddress().getHostAddress();
    }

    /** The router's epoch from its last answer in this run (for {@code homeport watch}: the state keeps it too). */
    public synchronized Optional<Epoch> epoch() {
        return epoch;
    }

    /** The restart noticed in this run, if any. */
    public synchronized Optional<Restart> restart() {
        checkEpoch();
        return restart;
    }

    @Override
    public String externalAddress() {
        Optional<InetAddress> a = mapper.externalAddress().or(() -> lastExternal);
        String ip = a.map(InetAddress::getHostAddress).orElse("");
        if (!Ipv4.isValid(ip) || ip.equals("0.0.0.0")) {
            throw new PortControlException(Kind.ROUTER_REFUSED, "the router (" + mapper.server() + ") reports no usable WAN address"
                    + (ip.isEmpty() ? "" : " ('" + ip + "')") + " over " + mapper.label(),
                    "check the router's status page: it may not be connected", mapper.server(), Optional.empty());
        }
        return ip;
    }

    /** The mappings homeport holds on this router (these protocols cannot list the router's own table). */
    @Override
    public synchronized List<PortMapping> list() {
        checkEpoch();
        List<PortMapping> out = new ArrayList<>();
        mine().values().forEach(h -> out.add(h.toMapping(clock.instant())));
        return out;
    }

    @Override
    public synchronized Optional<PortMapping> find(int externalPort, Protocol protocol) {
        return Optional.ofNullable(mine().get(externalPort + "/" + protocol.label())).map(h -> h.toMapping(clock.instant()));
    }

    @Override
    public synchronized AddResult add(PortMapping wanted) {
        if (!wanted.internalClient().equals(localAddress())) {
            throw new HomeportException(Kind.ROUTER_REFUSED, mapper.label() + " maps ports only to the host that asks ("
                    + localAddress() + "), not to " + wanted.internalClient(), "run homeport on " + wanted.internalClient()
                    + ", or use --via upnp or --via web");
        }
        checkEpoch();
        Map<String, HeldMappings.Held> all = state.read();
        Optional<HeldMappings.Held> prior = Optional.ofNullable(mine(all).get(wanted.key()));
        if (prior.isPresent() && !prior.get().client().equals(wanted.internalClient())) {
            return new AddResult.Conflict(prior.get().toMapping(clock.instant()));
        }
        boolean same = prior.isPresent() && prior.get().toMapping(clock.instant()).sameTarget(wanted);
        PortMapping ask = wanted.leaseSeconds() == 0 ? wanted.withLease(PERMANENT_ASK) : wanted;
        Mapper.Granted g = mapper.map(ask, prior.flatMap(HeldMappings.Held::nonce));
        observe(g.epoch());
        g.externalAddress().ifPresent(a -> lastExternal = Optional.of(a));
        HeldMappings.Held held = new HeldMappings.Held(mapper.id(), gateway, g.nonce(), g.externalPort(), wanted.protocol(),
                wanted.internalClient(), wanted.internalPort(), g.lifetime(), clock.instant(), g.epoch().serverSeconds(),
                wanted.description());
        if (g.externalPort() != wanted.externalPort()) {
            // The router moved us to another port: someone holds the one asked for. Give back what we got.
            release(held);
            return new AddResult.Conflict(new PortMapping(wanted.externalPort(), wanted.protocol(), "another host or program",
                    wanted.internalPort(), "(unknown: the router offered port " + g.externalPort() + " instead)", true, 0, ""));
        }
        all.put(held.key(), held);
        state.write(all, gateway, epoch);
        PortMapping granted = held.toMapping(clock.instant()).withLease(g.lifetime());
        return same ? new AddResult.AlreadyPresent(granted) : new AddResult.Added(granted);
    }

    @Override
    public synchronized RemoveResult remove(int externalPort, Protocol protocol, String internalClient) {
        Map<String, HeldMappings.Held> all = state.read();
        HeldMappings.Held h = mine(all).get(externalPort + "/" + protocol.label());
        if (h == null) return new RemoveResult.Absent();
        PortMapping m = h.toMapping(clock.instant());
        if (!h.client().equals(internalClient)) return new RemoveResult.NotOwned(m);
        // Refused (NOT_AUTHORIZED: the router knows another nonce for it) propagates: the port is still open, and
        // homeport keeps its record. An expired one is already gone from the router.
        if (h.remaining(clock.instant()) > 0) observe(mapper.unmap(h));
        all.remove(h.key());
        state.write(all, gateway, epoch);
        return new RemoveResult.Removed(m);
    }

    private void release(HeldMappings.Held h) {
        try {
            mapper.unmap(h);
        } catch (HomeportException e) {
            LOG.debug("could not give back port {}: {}", h.externalPort(), e.getMessage());
        }
    }

    /** Held mappings of this gateway and protocol that are still alive. */
    private Map<String, HeldMappings.Held> mine() {
        return mine(state.read());
    }

    private Map<String, HeldMappings.Held> mine(Map<String, HeldMappings.Held> all) {
        Map<String, HeldMappings.Held> out = new TreeMap<>();
        all.forEach((k, h) -> {
            if (h.gateway().equals(gateway) && h.via().equals(mapper.id()) && h.remaining(clock.instant()) > 0) out.put(k, h);
        });
        return out;
    }

    /**
     * Once per run: asks the router for its epoch and compares it with the recorded one. After a restart the router
     * has forgotten every mapping: those homeport held there are re-created at once (the same ports, a fresh lifetime)
     * and the restart is reported; one that cannot be re-created is dropped from state with a warning.
     */
    private void checkEpoch() {
        if (epochChecked) return;
        epochChecked = true;
        Optional<Epoch> before = state.epoch(gateway);
        Epoch now = mapper.probe();
        epoch = Optional.of(now);
        Map<String, HeldMappings.Held> all = state.read();
        if (before.isEmpty() || !now.showsRestartSince(before.get())) {
            if (before.isEmpty()) state.write(all, gateway, epoch);
            return;
        }
        Map<String, HeldMappings.Held> lost = mine(all);
        restart = Optional.of(new Restart(before.get(), now, List.copyOf(lost.keySet())));
        LOG.warn("the router restarted (its {} epoch went from {} s to {} s): it forgot the {} mapping(s) homeport held there{}",
                mapper.label(), before.get().serverSeconds(), now.serverSeconds(), lost.size(),
                lost.isEmpty() ? "" : " (" + String.join(", ", lost.keySet()) + "); re-creating them");
        for (HeldMappings.Held h : lost.values()) {
            all.remove(h.key());
            try {
                PortMapping m = PortMapping.of(h.externalPort(), h.protocol(), h.client(), h.internalPort(), h.description(), h.lifetime());
                Mapper.Granted g = mapper.map(m, h.nonce());
                observe(g.epoch());
                if (g.externalPort() != h.externalPort()) {
                    release(new HeldMappings.Held(h.via(), gateway, g.nonce(), g.externalPort(), h.protocol(), h.client(),
                            h.internalPort(), g.lifetime(), clock.instant(), g.epoch().serverSeconds(), h.description()));
                    LOG.warn("could not re-create {}: another host or program took the port meanwhile", h.key());
                    continue;
                }
                all.put(h.key(), new HeldMappings.Held(h.via(), gateway, g.nonce(), h.externalPort(), h.protocol(), h.client(),
                        h.internalPort(), g.lifetime(), clock.instant(), g.epoch().serverSeconds(), h.description()));
                LOG.warn("re-created {} -> {}:{} after the router's restart", h.key(), h.client(), h.internalPort());
            } catch (PortControlException e) {
                if (e.kind() == Kind.NO_ROUTER) throw e;
                LOG.warn("could not re-create {} after the router's restart: {}", h.key(), e.getMessage());
            }
        }
        state.write(all, gateway, epoch);
    }

    private void observe(Epoch e) {
        epoch = Optional.of(e);
    }
}
