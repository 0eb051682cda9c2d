package dev.homeport.upnp;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import dev.homeport.net.Ipv4;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A router reached over UPnP-IGD. Adds are verified by reading the mapping back (a mapping that cannot be read back
 * is {@link AddResult.Unverified}, never Added); leases are negotiated (725 means
 * permanent only, 402/606 for a permanent lease means finite only); a mapping homeport did not create, or one
 * for another host, is never overwritten or deleted.
 */
public final class UpnpRouter implements Router {
    private static final Logger LOG = LoggerFactory.getLogger(UpnpRouter.class);
    /** The whole table walk; a LAN router answers an entry in milliseconds, so real tables finish far sooner. */
    static final java.time.Duration LIST_DEADLINE = java.time.Duration.ofSeconds(15);
    private static final List<Long> FINITE_LEASES = List.of(604_800L, 3_600L);

    private final OkHttpClient http;
    private final Optional<Supplier<Gateway>> rediscover;
    private Gateway gateway;
    private SoapClient soap;
    private boolean rediscovered;

    /**
     * @param rediscover when present, called once if the gateway cannot be reached (a cached gateway whose router
     *                   rebooted onto another port); it returns a fresh gateway or throws
     */
    UpnpRouter(OkHttpClient http, Gateway gateway, Optional<Supplier<Gateway>> rediscover) {
        this.http = http;
        this.gateway = gateway;
        this.soap = new SoapClient(http, gateway);
        this.rediscover = rediscover;
    }

    /** The gateway in use (after a rediscovery, the fresh one). */
    public synchronized Gateway gateway() {
        return gateway;
    }

    @Override
    public String describe() {
        return gateway().describe();
    }

    /** The WAN connection's state as the router reports it (GetStatusInfo). */
    public record Status(String connectionStatus, String lastConnectionError, long uptimeSeconds) {
    }

    /**
     * GetStatusInfo.
     *
     * @throws UpnpException when the router cannot be asked
     */
    public Status status() {
        Map<String, String> out = call("GetStatusInfo", List.of());
        long uptime;
        try {
            uptime = Long.parseLong(out.getOrDefault("NewUptime", "0").strip());
        } catch (NumberFormatException e) {
            uptime = 0;
        }
        return new Status(out.getOrDefault("NewConnectionStatus", ""), out.getOrDefault("NewLastConnectionError", ""), uptime);
    }

    @Override
    public String externalAddress() {
        String ip = call("GetExternalIPAddress", List.of()).getOrDefault("NewExternalIPAddress", "").strip();
        if (!Ipv4.isValid(ip)) {
            throw UpnpException.of(Kind.ROUTER_REFUSED, "the router (" + describe() + ") reports no usable WAN address ('" + ip
                    + "'): it is not connected, or its WAN address is private (double NAT, carrier-grade NAT) and it will not say",
                    "check the router's status page: a private or 100.64.x.x WAN address means port forwarding cannot work there",
                    gateway().host());
        }
        return ip;
    }

    /**
     * The table, walked with GetGenericPortMappingEntry. The walk stops at the end of the table, at the first entry
     * seen twice (a router that answers every index with the same or a recycled entry), after {@link #MAX_ENTRIES}
     * entries, or after {@link #LIST_DEADLINE}; a walk cut short says so in a warning and returns what it read.
     */
    @Override
    public List<PortMapping> list() {
        List<PortMapping> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        long deadline = System.nanoTime() + LIST_DEADLINE.toNanos();
        for (int i = 0; ; i++) {
            if (i >= MAX_ENTRIES || System.nanoTime() > deadline) {
                LOG.warn("the router's mapping table was cut short after {} entries ({}): the router never said the table"
                        + " ended", i, i >= MAX_ENTRIES ? "at most " + MAX_ENTRIES + " are read" : "walk deadline of "
                        + LIST_DEADLINE.toSeconds() + " s");
                break;
            }
            Map<String, String> e;
            try {
                e = call("GetGenericPortMappingEntry", List.of(new SoapClient.Arg("NewPortMappingIndex", Integer.toString(i))));
            } catch (UpnpException ex) {
                // The end of the table: 713 by the spec; 714, 402 or a bare HTTP 500 on some firmware.
                if (ex.hasCode(713) || ex.hasCode(714) || ex.hasCode(402)
                        || (ex.code().isEmpty() && ex.httpStatus().orElse(0) == 500)) {
                    break;
                }
                throw UpnpErrors.explain(ex, "entry " + i);
            }
            String key = e.get("NewExternalPort") + "/" + e.get("NewProtocol") + "/" + e.get("NewRemoteHost");
            if (!seen.add(key)) {
                LOG.warn("the router's mapping table was cut short at entry {}: it repeats {} (a router that never ends its"
                        + " table)", i, key.substring(0, key.lastIndexOf('/')));
                break;
            }
            parse(e, e.get("NewExternalPort"), e.get("NewProtocol")).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public Optional<PortMapping> find(int externalPort, Protocol protocol) {
        Map<String, String> e;
        try {
            e = call("GetSpecificPortMappingEntry", List.of(new SoapClient.Arg("NewRemoteHost", ""),
                    new SoapClient.Arg("NewExternalPort", Integer.toString(externalPort)),
                    new SoapClient.Arg("NewProtocol", protocol.name())));
        } catch (UpnpException ex) {
            if (ex.hasCode(714) || ex.hasCode(730)) return Optional.empty();
            throw UpnpErrors.explain(ex, externalPort + "/" + protocol.label());
        }
        Optional<PortMapping> m = parse(e, Integer.toString(externalPort), protocol.name());
        if (m.isEmpty()) {
            throw UpnpException.of(Kind.ROUTER_REFUSED, "the router's entry for " + externalPort + "/" + protocol.label()
                    + " is unreadable: " + e, "report the router model", gateway().host());
        }
        return m;
    }

    @Override
    public AddResult add(PortMapping wanted) {
        Optional<PortMapping> existing = find(wanted.externalPort(), wanted.protocol());
        if (existing.isPresent()) {
            PortMapping e = existing.get();
            if (!e.ownedByHomeport() || !e.internalClient().equals(wanted.internalClient())) {
                return new AddResult.Conflict(e);
            }
            if (e.internalPort() == wanted.internalPort()) {
                try {
                    AddResult renewed = addNegotiated(wanted);
                    if (renewed instanceof AddResult.Conflict) return renewed;
                    // Unverified: the entry was read back just before the renewal, so that is what it holds.
                    return new AddResult.AlreadyPresent(renewed instanceof AddResult.Added a ? a.mapping() : e);
                } catch (UpnpException ex) {
                    LOG.warn("{} is in place but its lease could not be renewed: {}", wanted.key(), ex.getMessage());
                    return new AddResult.AlreadyPresent(e);
                }
            }
        }
        try {
            return addNegotiated(wanted);
        } catch (UpnpException ex) {
            if (ex.hasCode(718) || ex.hasCode(606) || ex.hasCode(729)) {
                Optional<PortMapping> holder = findQuietly(wanted.externalPort(), wanted.protocol());
                if (holder.isPresent() && !holder.get().sameTarget(wanted)) return new AddResult.Conflict(holder.get());
                if (holder.isEmpty() && (ex.hasCode(718) || ex.hasCode(606))) {
                    throw UpnpErrors.policyRefusal(ex, wanted, gateway().localAddress());
                }
            }
            throw UpnpErrors.explain(ex, target(wanted));
        }
    }

    @Override
    public RemoveResult remove(int externalPort, Protocol protocol, String internalClient) {
        Optional<PortMapping> e = find(externalPort, protocol);
        if (e.isEmpty()) return new RemoveResult.Absent();
        PortMapping m = e.get();
        if (!m.ownedByHomeport() || !m.internalClient().equals(internalClient)) return new RemoveResult.NotOwned(m);
        try {
            call("DeletePortMapping", List.of(new SoapClient.Arg("NewRemoteHost", m.remoteHost()),
                    new SoapClient.Arg("NewExternalPort", Integer.toString(externalPort)),
                    new SoapClient.Arg("NewProtocol", protocol.name())));
        } catch (UpnpException ex) {
            if (ex.hasCode(714)) return new RemoveResult.Absent();
            throw UpnpErrors.explain(ex, m.key());
        }
        return new RemoveResult.Removed(m);
    }

    /** AddPortMapping with lease negotiation, then the mapping as the router reads it back ({@link #readBack}). */
    private AddResult addNegotiated(PortMapping wanted) {
        long lease = wanted.leaseSeconds();
        Set<Long> tried = new LinkedHashSet<>();
        while (true) {
            tried.add(lease);
            try {
                addOnce(wanted.withLease(lease));
                break;
            } catch (UpnpException ex) {
                Optional<Long> next = nextLease(ex, lease, tried);
                if (next.isEmpty()) throw ex;
                LOG.info("router refused lease {}s for {} (UPnP {}), retrying with {}s", lease, wanted.key(), ex.code().orElse(0),
                        next.get());
                lease = next.get();
            }
        }
        return readBack(wanted, lease);
    }

    /**
     * What the router holds after it accepted {@code wanted} with {@code lease}: Added as read back; Unverified when
     * the router will not answer the read-back (401/602: never reported as read back); Conflict when it reads back
     * another host or port (never reported as added).
     *
     * @throws UpnpException when the router does not list the mapping it accepted (a silent refusal)
     */
    private AddResult readBack(PortMapping wanted, long lease) {
        Optional<PortMapping> back;
        try {
            back = find(wanted.externalPort(), wanted.protocol());
        } catch (UpnpException ex) {
            if (!ex.hasCode(401) && !ex.hasCode(602)) throw ex;
            LOG.warn("{} was accepted but could not be read back: {}", wanted.key(), ex.getMessage());
            // The reason names no router text (its name comes from the network); the output line says which router.
            return new AddResult.Unverified(wanted.withLease(lease), "the router accepted it but refused to read it back (UPnP "
                    + ex.code().orElse(0) + ")");
        }
        if (back.isEmpty()) {
            throw UpnpException.of(Kind.ROUTER_REFUSED, "the router accepted " + target(wanted) + " but does not list it: it"
                    + " silently refused (secure mode or port rules)", "try --external-port " + UpnpErrors.suggestedPort(
                    wanted.externalPort()) + ", or forward the port in the router's admin page", gateway().host());
        }
        PortMapping b = back.get();
        if (!b.sameTarget(wanted)) return new AddResult.Conflict(b);
        return new AddResult.Added(b.withLease(granted(lease, b.leaseSeconds())));
    }

    private static Optional<Long> nextLease(UpnpException ex, long lease, Set<Long> tried) {
        if (ex.hasCode(725) && lease != 0 && !tried.contains(0L)) return Optional.of(0L);
        // A router refusing a permanent lease may refuse a week too: the week was our choice, so step down to an hour.
        boolean afterPermanent = lease == 0 || tried.contains(0L);
        if (((ex.hasCode(402) || ex.hasCode(606)) && afterPermanent) || (ex.hasCode(402) && lease > 604_800)) {
            return FINITE_LEASES.stream().filter(l -> !tried.contains(l) && (lease == 0 || l < lease)).findFirst();
        }
        return Optional.empty();
    }

    /** Routers report the remaining lease, a few seconds under what they granted: show the grant. */
    static long granted(long requested, long readBack) {
        if (requested > 0 && readBack <= requested && requested - readBack <= 10) return requested;
        if (readBack > 0 && readBack % 60 >= 50) return readBack + 60 - readBack % 60;
        return readBack;
    }

    private void addOnce(PortMapping m) {
        call("AddPortMapping", List.of(new SoapClient.Arg("NewRemoteHost", m.remoteHost()),
                new SoapClient.Arg("NewExternalPort", Integer.toString(m.externalPort())),
                new SoapClient.Arg("NewProtocol", m.protocol().name()),
                new SoapClient.Arg("NewInternalPort", Integer.toString(m.internalPort())),
                new SoapClient.Arg("NewInternalClient", m.internalClient()),
                new SoapClient.Arg("NewEnabled", "1"),
                new SoapClient.Arg("NewPortMappingDescription", m.description()),
                new SoapClient.Arg("NewLeaseDuration", Long.toString(m.leaseSeconds()))));
    }

    private Optional<PortMapping> findQuietly(int port, Protocol protocol) {
        try {
            return find(port, protocol);
        } catch (HomeportException e) {
            LOG.debug("could not read back {}/{}: {}", port, protocol.label(), e.getMessage());
            return Optional.empty();
        }
    }

    private static String target(PortMapping m) {
        return m.key() + " -> " + m.internalClient() + ":" + m.internalPort();
    }

    private Optional<PortMapping> parse(Map<String, String> e, String externalPort, String protocol) {
        try {
            long lease = Long.parseLong(e.getOrDefault("NewLeaseDuration", "0").strip().isEmpty() ? "0"
                    : e.getOrDefault("NewLeaseDuration", "0").strip());
            String enabled = e.getOrDefault("NewEnabled", "1").strip();
            return Optional.of(new PortMapping(Integer.parseInt(externalPort.strip()), Protocol.parse(protocol),
                    e.getOrDefault("NewInternalClient", "").strip(), Integer.parseInt(e.getOrDefault("NewInternalPort", "").strip()),
                    e.getOrDefault("NewPortMappingDescription", ""), !enabled.equals("0") && !enabled.equalsIgnoreCase("false"),
                    lease, e.getOrDefault("NewRemoteHost", "").strip()));
        } catch (IllegalArgumentException | NullPointerException ex) {
            LOG.debug("skipping unreadable mapping entry {}: {}", e, ex.getMessage());
            return Optional.empty();
        }
    }

    private Map<String, String> call(String action, List<SoapClient.Arg> args) {
        SoapClient client;
        synchronized (this) {
            client = soap;
        }
        try {
            return client.call(action, args);
        } catch (UpnpException e) {
            Gateway fresh;
            synchronized (this) {
                if (!e.connectionFailed() || rediscover.isEmpty() || rediscovered) throw e;
                rediscovered = true;
                LOG.info("cached gateway {} did not answer ({}); rediscovering", gateway.controlUrl(), e.getMessage());
                try {
                    fresh = rediscover.get().get();
                } catch (HomeportException d) {
                    d.addSuppressed(e);
                    throw d;
                }
                gateway = fresh;
                soap = new SoapClient(http, fresh);
                client = soap;
            }
            return client.call(action, args);
        }
    }
}
