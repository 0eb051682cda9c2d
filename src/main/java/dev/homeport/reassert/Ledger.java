package dev.homeport.reassert;

import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.net.Ipv4;
import dev.homeport.state.StateStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * reassert's memory, the state document {@code reassert}: which mappings it manages (so that it recognises its own
 * mapping even after this host's address or a forward's {@code to:} changed) and the lease each router granted.
 * Written before changes are sent (so a killed run still knows what it may have created) and after them; never
 * when nothing changed, to spare the Pi's SD card. Unreadable entries are ignored: the router is the truth.
 */
final class Ledger {
    static final String STATE_NAME = "reassert";

    private final StateStore store;

    Ledger(StateStore store) {
        this.store = store;
    }

    Map<String, Entry> read() {
        Map<String, Entry> out = new TreeMap<>();
        store.read(STATE_NAME).orElse(Map.of()).forEach((k, v) -> parse(k, v).ifPresent(e -> out.put(k, e)));
        return out;
    }

    /**
     * Writes {@code entries} when they differ from {@code previous}. They are compared in their written form (as maps:
     * their order does not count): a record's own {@code equals} is linked through method handles on its first call,
     * about 10 ms of a timer run's CPU.
     */
    void writeIfChanged(Map<String, Entry> previous, Map<String, Entry> entries) {
        Map<String, String> values = text(entries);
        if (text(previous).equals(values)) return;
        store.write(STATE_NAME, values);
    }

    private static Map<String, String> text(Map<String, Entry> entries) {
        Map<String, String> values = new LinkedHashMap<>();
        entries.forEach((k, e) -> values.put(k, e.client() + " " + e.internalPort() + " " + e.grantedLease()));
        return values;
    }

    private static Optional<Entry> parse(String key, String value) {
        String[] k = key.split("/");
        String[] v = value.trim().split(" ");
        try {
            if (k.length != 2 || v.length != 3) return Optional.empty();
            int ext = Integer.parseInt(k[0]);
            Protocol.parse(k[1]);
            PortMapping.checkPort("externalPort", ext);
            int port = Integer.parseInt(v[1]);
            PortMapping.checkPort("internalPort", port);
            long lease = Long.parseLong(v[2]);
            if (!Ipv4.isValid(v[0]) || lease < 0) return Optional.empty();
            return Optional.of(new Entry(v[0], port, lease));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * One managed mapping.
     *
     * @param client       the internal client it was made for
     * @param internalPort the internal port it was made for
     * @param grantedLease the lease the router granted, 0 when permanent or not known
     */
    record Entry(String client, int internalPort, long grantedLease) {
        static Entry of(PortMapping m, long grantedLease) {
            return new Entry(m.internalClient(), m.internalPort(), grantedLease);
        }

        boolean matches(PortMapping m) {
            return client.equals(m.internalClient());
        }
    }
}
