package dev.homeport.doublenat;

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

/** An outer router's table as miniupnpd keeps it (one mapping per port and protocol); records every change. */
final class FakeOuter implements Router {
    final Map<String, PortMapping> table = new LinkedHashMap<>();
    final List<String> changes = new ArrayList<>();
    boolean down;

    @Override
    public String describe() {
        return "fake ISP box";
    }

    @Override
    public String externalAddress() {
        return "11.7.0.2";
    }

    @Override
    public List<PortMapping> list() {
        up();
        return List.copyOf(table.values());
    }

    @Override
    public Optional<PortMapping> find(int externalPort, Protocol protocol) {
        up();
        return Optional.ofNullable(table.get(externalPort + "/" + protocol.label()));
    }

    @Override
    public AddResult add(PortMapping wanted) {
        Optional<PortMapping> there = find(wanted.externalPort(), wanted.protocol());
        if (there.isPresent() && (!there.get().ownedByHomeport() || !there.get().internalClient().equals(wanted.internalClient()))) {
            return new AddResult.Conflict(there.get());
        }
        table.put(wanted.key(), wanted);
        changes.add("add " + wanted.key() + " " + wanted.internalClient());
        return there.isPresent() ? new AddResult.AlreadyPresent(wanted) : new AddResult.Added(wanted);
    }

    @Override
    public RemoveResult remove(int externalPort, Protocol protocol, String internalClient) {
        Optional<PortMapping> there = find(externalPort, protocol);
        if (there.isEmpty()) return new RemoveResult.Absent();
        if (!there.get().ownedByHomeport() || !there.get().internalClient().equals(internalClient)) {
            return new RemoveResult.NotOwned(there.get());
        }
        table.remove(there.get().key());
        changes.add("remove " + there.get().key());
        return new RemoveResult.Removed(there.get());
    }

    private void up() {
        if (down) throw new HomeportException(HomeportException.Kind.NO_ROUTER, "the ISP box does not answer");
    }
}
