package dev.homeport.reassert;

import java.util.List;
import java.util.function.Supplier;

/**
 * The dynamic-DNS side of a reconcile, as the reconciler needs it. The adapter applies the provider's rules
 * (update only on change, holds, latches, where the public address comes from); the reconciler hands it the
 * router's address, fetched only if the adapter asks.
 */
public interface DnsUpdater {

    /** The host names kept up to date, for messages. */
    List<String> hostnames();

    /**
     * Brings DNS in line with the public address when the rules allow it.
     *
     * @param routerAddress the router's WAN address, asked for on first use; its exceptions propagate
     * @param dryRun        when true, nothing is sent or stored and the result says what would happen
     * @return what happened; provider answers and failures are results, not exceptions
     * @throws dev.homeport.core.HomeportException (NO_ROUTER) when the router stops answering
     */
    DnsResult update(Supplier<String> routerAddress, boolean dryRun);
}
