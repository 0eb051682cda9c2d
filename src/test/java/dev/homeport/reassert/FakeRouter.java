package dev.homeport.reassert;

import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A router table that behaves like miniupnpd: one mapping per external port and protocol, an add for the same
 * client updates in place (lease restarted, clamped to {@link #maxLease}), an add for another client is a conflict,
 * secure mode refuses mappings for other hosts. Records every call.
 */
final class FakeRouter implements Router {
    final Map<String, PortMapping> table = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    String caller = "192.0.2.10";
    String wanAddress = "11.7.0.2";
    boolean secureMode;
    boolean unreachable;
    /** Calls starting with this stop being answered (e.g. "externalAddress"), the others still work. */
    String unreachableFor = "\u0000";
    long maxLease = 604_800;
    /** Adds are accepted but cannot be read back (a router answering 401/602 to GetSpecificPortMappingEntry). */
    boolean unverifiable;
    /** Thrown after the next change is applied, as if the process died right after the router answered. */
    RuntimeException dieAfterChange;

    @Override
    public String describe() {
        return "fake router";
    }

    @Override
    public String externalAddress() {
        answer("externalAddress");
        return wanAddress;
    }

    @Override
    public List<PortMapping> list() {
        answer("list");
        return List.copyOf(table.values());
    }

    @Override
    public Optional<PortMapping> find(int externalPort, Protocol protocol) {
        answer("find " + externalPort + "/" + protocol.label());
        return Optional.ofNullable(table.get(externalPort + "/" + protocol.label()));
    }

    @Override
    public AddResult add(PortMapping wanted) {
        answer("add " + wanted.key() + " " + wanted.internalClient() + ":" + wanted.internalPort());
        PortMapping old = table.get(wanted.key());
        if (old != null && !old.internalClient().equals(wanted.internalClient())) return new AddResult.Conflict(old);
        if (secureMode && !wanted.internalClient().equals(caller)) {
            throw new HomeportException(HomeportException.Kind.ROUTER_REFUSED, "the router refused (606 Action not authorized)",
                    "secure mode: a host may only map ports to itself");
        }
        long lease = wanted.leaseSeconds() == 0 ? 0 : Math.min(wanted.leaseSeconds(), maxLease);
        PortMapping granted = wanted.withLease(lease);
        table.put(wanted.key(), granted);
        died();
        if (unverifiable) return new AddResult.Unverified(wanted, "the router accepted it but refused to read it back (UPnP 602)");
        return old != null && old.sameTarget(wanted) && old.description().equals(wanted.description())
                ? new AddResult.AlreadyPresent(granted) : new AddResult.Added(granted);
    }

    @Override
    public RemoveResult remove(int externalPort, Protocol protocol, String internalClient) {
        answer("remove " + externalPort + "/" + protocol.label() + " " + internalClient);
        PortMapping old = table.get(externalPort + "/" + protocol.label());
        if (old == null) return new RemoveResult.Absent();
        if (!old.ownedByHomeport() || !old.internalClient().equals(internalClient)) return new RemoveResult.NotOwned(old);
        if (secureMode && !internalClient.equals(caller)) {
            throw new HomeportException(HomeportException.Kind.ROUTER_REFUSED, "the router refused (606 Action not authorized)");
        }
        table.remove(old.key());
        died();
        return new RemoveResult.Removed(old);
    }

    /** Puts a mapping straight into the table, as another program or a previous run would have. */
    PortMapping put(int ext, Protocol p, String client, int port, String description, long lease) {
        PortMapping m = PortMapping.of(ext, p, client, port, description, lease);
        table.put(m.key(), m);
        return m;
    }

    /** The calls that changed the table. */
    List<String> writes() {
        return calls.stream().filter(c -> c.startsWith("add") || c.startsWith("remove")).toList();
    }

    private void answer(String call) {
        calls.add(call);
        if (unreachable || call.startsWith(unreachableFor)) {
            throw new HomeportException(HomeportException.Kind.NO_ROUTER, "the router at 192.0.2.1:5000 does not answer",
                    "check it is on");
        }
    }

    private void died() {
        RuntimeException e = dieAfterChange;
        dieAfterChange = null;
        if (e != null) throw e;
    }
}
