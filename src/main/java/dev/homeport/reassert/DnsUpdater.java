package dev.homeport.reassert;

/**
 * The dynamic-DNS side of a reconcile, as the reconciler needs it. The adapter applies the provider's rules
 * (update only on change, holds, latches); the reconciler only hands it the router's current address.
 */
public interface DnsUpdater {

    /** The host names kept up to date, for messages. */
    java.util.List<String> hostnames();

    /**
     * Brings DNS in line with {@code externalAddress} when the rules allow it.
     *
     * @param externalAddress the router's WAN address as it reports it
     * @param dryRun          when true, nothing is sent and the result says what would happen
     * @return what happened; failures are results, not exceptions
     */
    DnsResult update(String externalAddress, boolean dryRun);
}
