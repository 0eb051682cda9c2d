package dev.homeport.upnp;

import dev.homeport.state.StateStore;
import java.util.Map;
import java.util.Optional;

/**
 * The last gateway that worked, in the state store under {@code gateway}, so a warm run skips discovery. A cache
 * that does not read back as a valid {@link Gateway} is treated as absent.
 */
public final class GatewayCache {
    /** The state name. */
    public static final String NAME = "gateway";

    private final StateStore store;

    public GatewayCache(StateStore store) {
        this.store = store;
    }

    /** The cached gateway, if any and valid. */
    public Optional<Gateway> read() {
        Optional<Map<String, String>> m = store.read(NAME);
        if (m.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Gateway.fromMap(m.get()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Replaces the cache. */
    public void write(Gateway gateway) {
        store.write(NAME, gateway.toMap());
    }

    /** Forgets the cached gateway. */
    public void clear() {
        store.delete(NAME);
    }
}
