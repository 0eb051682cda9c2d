package dev.homeport.reassert;

import dev.homeport.core.Ownership;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.net.Ipv4;
import dev.homeport.state.StateStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The forwards a user opened by hand ({@code homeport forward}), in the state document {@code forwards}, so that
 * {@code reassert} keeps them alive (renews their lease, restores them after a router reboot) instead of treating them
 * as strays, until {@code homeport unforward} forgets them. Unreadable entries are ignored.
 */
public final class ManualForwards {
    static final String STATE_NAME = "forwards";
    /** Written instead of an address when the forward goes to this host, whatever its address is at the time. */
    private static final String THIS_HOST = "-";

    private final StateStore store;

    public ManualForwards(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Records a forward made by hand; replaces what was recorded for the same external port and protocol.
     *
     * @param mapping    the mapping as asked for (its lease being the one requested)
     * @param toThisHost true when no {@code --to} was given: reassert then follows this host's address
     */
    public void remember(PortMapping mapping, boolean toThisHost) {
        store.put(STATE_NAME, mapping.key(), (toThisHost ? THIS_HOST : mapping.internalClient()) + " " + mapping.internalPort()
                + " " + mapping.leaseSeconds() + " " + mapping.description());
    }

    /** Forgets the forward of {@code externalPort}/{@code protocol}, if one was recorded. */
    public void forget(int externalPort, Protocol protocol) {
        store.remove(STATE_NAME, externalPort + "/" + protocol.label());
    }

    /** True when no forward made by hand is recorded (nothing is read but the state file). */
    public boolean isEmpty() {
        return read("0.0.0.0").isEmpty();
    }

    /**
     * The recorded forwards, with {@code thisHost} filled in for those made to this host.
     *
     * @return by key ({@code 888/tcp})
     */
    public Map<String, PortMapping> read(String thisHost) {
        Map<String, PortMapping> out = new TreeMap<>();
        store.read(STATE_NAME).orElse(Map.of()).forEach((k, v) -> parse(k, v, thisHost).ifPresent(m -> out.put(k, m)));
        return out;
    }

    private static Optional<PortMapping> parse(String key, String value, String thisHost) {
        String[] k = key.split("/");
        String[] v = value.strip().split(" ", 4);
        try {
            if (k.length != 2 || v.length != 4 || !Ownership.isOwned(v[3])) return Optional.empty();
            String client = v[0].equals(THIS_HOST) ? thisHost : v[0];
            if (!Ipv4.isValid(client)) return Optional.empty();
            return Optional.of(PortMapping.of(Integer.parseInt(k[0]), Protocol.parse(k[1]), client, Integer.parseInt(v[1]),
                    v[3], Long.parseLong(v[2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
