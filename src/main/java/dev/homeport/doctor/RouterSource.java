package dev.homeport.doctor;

import dev.homeport.core.HomeportException;
import dev.homeport.core.Router;

/** Connects to the router along the configured path (UPnP, web admin, or UPnP then web admin). */
public interface RouterSource {

    /**
     * A connected router.
     *
     * @throws HomeportException when no router answers on any configured path (its message says which and why)
     */
    Router connect();
}
