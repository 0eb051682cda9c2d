package dev.homeport.core;

import java.util.List;
import java.util.Optional;

/**
 * A router that can forward ports: the seam between homeport's logic and the outside world. Implementations talk
 * UPnP-IGD or drive the web admin; tests use a hand-written fake.
 */
public interface Router {
    /**
     * The most mappings {@link #list} reads: enough for any real table, and a bound against a router that never says
     * "end of list" or a page that expands (a row per port of 1-65535) into millions of mappings.
     */
    int MAX_ENTRIES = 4096;

    /** Human-readable path and device, e.g. {@code UPnP IGD:2 on Lab Router}. */
    String describe();

    /**
     * The router's WAN address as it reports it.
     *
     * @throws HomeportException when the router cannot be asked or does not know
     */
    String externalAddress();

    /**
     * The whole mapping table.
     *
     * @throws HomeportException when the router cannot be asked
     */
    List<PortMapping> list();

    /**
     * The mapping for one external port and protocol, if any.
     *
     * @throws HomeportException when the router cannot be asked
     */
    Optional<PortMapping> find(int externalPort, Protocol protocol);

    /**
     * Adds a mapping, or confirms it is already there; never overwrites a mapping homeport does not own.
     *
     * @throws HomeportException when the router refuses for another reason than a conflict
     */
    AddResult add(PortMapping wanted);

    /**
     * Removes a mapping homeport owns that points at {@code internalClient}.
     *
     * @throws HomeportException when the router refuses
     */
    RemoveResult remove(int externalPort, Protocol protocol, String internalClient);
}
