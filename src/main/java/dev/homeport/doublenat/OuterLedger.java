package dev.homeport.doublenat;

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
 * Which mappings homeport made on the outer router (the ISP box), in the state document {@code outer}: the outer
 * router's address and UDN, the external port and protocol, the internal client (the inner router's WAN address) and
 * port, the lease asked for, and the description. A mapping on the outer router counts as homeport's only when its
 * description carries the marker <em>and</em> it is recorded here with that same description, for that router: all
 * hosts behind the inner router reach the outer as one address, so the marker alone cannot tell this Pi's mapping from
 * another's. Unreadable entries are ignored (never a reason to delete anything).
 */
public final class OuterLedger {
    static final String STATE_NAME = "outer";
    /** Written instead of a UDN the router did not give (or one that would not fit on the line). */
    private static final String NONE = "-";

    /**
     * One mapping homeport made on an outer router.
     *
     * @param externalPort 1..65535
     * @param protocol     TCP or UDP
     * @param innerWan     the internal client: the inner router's address on the outer's LAN
     * @param internalPort 1..65535
     * @param leaseSeconds the lease asked for, 0 for permanent
     * @param router       the outer router's LAN address (dotted quad)
     * @param udn          its UDN, {@code -} when unknown
     * @param description  the description written (carries the ownership marker)
     */
    public record Entry(int externalPort, Protocol protocol, String innerWan, int internalPort, long leaseSeconds, String router,
                        String udn, String description) {
        public Entry {
            PortMapping.checkPort("externalPort", externalPort);
            PortMapping.checkPort("internalPort", internalPort);
            Objects.requireNonNull(protocol, "protocol");
            if (!Ipv4.isValid(innerWan)) throw new IllegalArgumentException("innerWan (" + innerWan + ") must be an IPv4 address");
            if (!Ipv4.isValid(router)) throw new IllegalArgumentException("router (" + router + ") must be an IPv4 address");
            if (leaseSeconds < 0) throw new IllegalArgumentException("leaseSeconds (" + leaseSeconds + ") must be 0 or more");
            udn = udn == null || udn.isBlank() || !udn.matches("\\S{1,200}") ? NONE : udn;
            if (!Ownership.isOwned(description) || description.contains("\n")) {
                throw new IllegalArgumentException("description (" + description + ") must be one line starting with '"
                        + Ownership.PREFIX + "'");
            }
        }

        /** The entry for {@code mapping} as made on the router at {@code router} (UDN {@code udn}). */
        public static Entry of(PortMapping mapping, long leaseAsked, String router, String udn) {
            return new Entry(mapping.externalPort(), mapping.protocol(), mapping.internalClient(), mapping.internalPort(), leaseAsked,
                    router, udn, mapping.description());
        }

        /** Short key such as {@code 888/tcp}. */
        public String key() {
            return externalPort + "/" + protocol.label();
        }

        /**
         * True when this entry was made on the router at {@code host} with UDN {@code otherUdn}: by UDN when both are
         * known (an ISP box keeps it across address changes), else by address.
         */
        public boolean onRouter(String host, String otherUdn) {
            boolean udnKnown = !NONE.equals(udn) && otherUdn != null && !otherUdn.isBlank();
            return udnKnown ? udn.equals(otherUdn) : router.equals(host);
        }

        /** True when {@code m} on that router is this entry's mapping: same target and the very description recorded. */
        public boolean describes(PortMapping m) {
            return m.externalPort() == externalPort && m.protocol() == protocol && m.internalClient().equals(innerWan)
                    && m.internalPort() == internalPort && m.description().equals(description);
        }

        /** The mapping as asked for. */
        public PortMapping mapping() {
            return PortMapping.of(externalPort, protocol, innerWan, internalPort, description, leaseSeconds);
        }
    }

    private final StateStore store;

    public OuterLedger(StateStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The recorded entries by key ({@code 888/tcp}); unreadable ones are left out. */
    public Map<String, Entry> read() {
        Map<String, Entry> out = new TreeMap<>();
        store.read(STATE_NAME).orElse(Map.of()).forEach((k, v) -> parse(k, v).ifPresent(e -> out.put(k, e)));
        return out;
    }

    /** The entry for {@code externalPort}/{@code protocol}, if one is recorded. */
    public Optional<Entry> get(int externalPort, Protocol protocol) {
        return Optional.ofNullable(read().get(externalPort + "/" + protocol.label()));
    }

    /** Records {@code e}, replacing what was recorded for its key; writes nothing when it is already recorded. */
    public void remember(Entry e) {
        store.put(STATE_NAME, e.key(), format(e));
    }

    /** Forgets the entry of {@code externalPort}/{@code protocol}, if one is recorded. */
    public void forget(int externalPort, Protocol protocol) {
        store.remove(STATE_NAME, externalPort + "/" + protocol.label());
    }

    static String format(Entry e) {
        return e.innerWan() + " " + e.internalPort() + " " + e.leaseSeconds() + " " + e.router() + " " + e.udn() + " "
                + e.description();
    }

    private static Optional<Entry> parse(String key, String value) {
        String[] k = key.split("/");
        String[] v = value.strip().split(" ", 6);
        try {
            if (k.length != 2 || v.length != 6) return Optional.empty();
            return Optional.of(new Entry(Integer.parseInt(k[0]), Protocol.parse(k[1]), v[0], Integer.parseInt(v[1]),
                    Long.parseLong(v[2]), v[3], v[4], v[5]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
