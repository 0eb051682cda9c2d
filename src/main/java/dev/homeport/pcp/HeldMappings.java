package dev.homeport.pcp;

import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.state.StateStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What homeport made through PCP or NAT-PMP, the state document {@code portmap}. These protocols carry no description
 * and cannot list the router's table, so this is homeport's only proof of ownership: a mapping not recorded here is
 * never renewed or deleted. It also keeps the router's last epoch ({@code epoch}), which {@code homeport watch} and
 * {@code reassert} compare to notice a router restart. Unreadable entries are ignored (the router then holds a
 * mapping homeport no longer claims; it expires with its lifetime).
 */
final class HeldMappings {
    static final String STATE_NAME = "portmap";
    private static final String MAP_PREFIX = "map.";

    private final StateStore store;

    HeldMappings(StateStore store) {
        this.store = store;
    }

    /**
     * One mapping homeport made.
     *
     * @param via         {@code pcp} or {@code natpmp}
     * @param gateway     the router's address it was made on
     * @param nonce       the PCP nonce (NAT-PMP has none)
     * @param grantedAt   when the router granted {@code lifetime}
     * @param epoch       the router's epoch then
     * @param description homeport's name for it (kept here: the router does not)
     */
    record Held(String via, String gateway, Optional<Nonce> nonce, int externalPort, Protocol protocol, String client,
                int internalPort, long lifetime, Instant grantedAt, long epoch, String description) {

        String key() {
            return externalPort + "/" + protocol.label();
        }

        long remaining(Instant now) {
            long used = Math.max(0, now.getEpochSecond() - grantedAt.getEpochSecond());
            return Math.max(0, lifetime - used);
        }

        /** As a table entry: the lease is what is left of it (at least 1 s, as 0 would read as permanent). */
        PortMapping toMapping(Instant now) {
            return new PortMapping(externalPort, protocol, client, internalPort, description, true, Math.max(1, remaining(now)), "");
        }

        String encode() {
            return String.join(" ", via, gateway, nonce.map(Nonce::hex).orElse("-"), client, Integer.toString(internalPort),
                    Long.toString(lifetime), Long.toString(grantedAt.toEpochMilli()), Long.toString(epoch), description);
        }

        static Optional<Held> decode(String key, String value) {
            try {
                String[] k = key.split("/");
                String[] v = value.split(" ", 9);
                if (k.length != 2 || v.length != 9 || !(v[0].equals("pcp") || v[0].equals("natpmp"))) return Optional.empty();
                int ext = Integer.parseInt(k[0]);
                PortMapping.checkPort("externalPort", ext);
                int internal = Integer.parseInt(v[4]);
                PortMapping.checkPort("internalPort", internal);
                Optional<Nonce> nonce = v[2].equals("-") ? Optional.empty() : Optional.of(new Nonce(v[2]));
                if (v[0].equals("pcp") && nonce.isEmpty()) return Optional.empty();
                long lifetime = Long.parseLong(v[5]);
                long epoch = Long.parseLong(v[7]);
                if (lifetime < 0 || epoch < 0) return Optional.empty();
                return Optional.of(new Held(v[0], v[1], nonce, ext, Protocol.parse(k[1]), v[3], internal, lifetime,
                        Instant.ofEpochMilli(Long.parseLong(v[6])), epoch, v[8]));
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                return Optional.empty();
            }
        }
    }

    /** The mappings held, by {@code 888/tcp}. */
    Map<String, Held> read() {
        Map<String, Held> out = new TreeMap<>();
        store.read(STATE_NAME).orElse(Map.of()).forEach((k, v) -> {
            if (k.startsWith(MAP_PREFIX)) {
                Held.decode(k.substring(MAP_PREFIX.length()), v).ifPresent(h -> out.put(h.key(), h));
            }
        });
        return out;
    }

    /** The router's epoch last seen, if recorded for {@code gateway}. */
    Optional<Epoch> epoch(String gateway) {
        Map<String, String> s = store.read(STATE_NAME).orElse(Map.of());
        if (!gateway.equals(s.get("epoch.gateway"))) return Optional.empty();
        try {
            return Optional.of(new Epoch(s.getOrDefault("epoch.protocol", ""), Long.parseLong(s.getOrDefault("epoch.seconds", "")),
                    Instant.ofEpochMilli(Long.parseLong(s.getOrDefault("epoch.at", "")))));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Replaces the document: {@code held} and the epoch seen at {@code gateway}. */
    void write(Map<String, Held> held, String gateway, Optional<Epoch> epoch) {
        Map<String, String> values = new HashMap<>();
        held.forEach((k, h) -> values.put(MAP_PREFIX + k, h.encode()));
        epoch.ifPresent(e -> {
            values.put("epoch.gateway", gateway);
            values.put("epoch.protocol", e.protocol());
            values.put("epoch.seconds", Long.toString(e.serverSeconds()));
            values.put("epoch.at", Long.toString(e.observedAt().toEpochMilli()));
        });
        if (store.read(STATE_NAME).orElse(Map.of()).equals(values)) return;
        if (values.isEmpty()) {
            store.delete(STATE_NAME);
        } else {
            store.write(STATE_NAME, values);
        }
    }
}
