package dev.homeport.cli;

import dev.homeport.core.Durations;
import dev.homeport.core.PortMapping;
import java.util.LinkedHashMap;
import java.util.Map;

/** How mappings are shown: one line per mapping for people, one object per mapping for scripts. */
final class Mappings {
    private Mappings() {
    }

    static String conflictLine(PortMapping theirs) {
        String owner = theirs.description().isBlank() ? "no name" : "owned by '" + theirs.description() + "'";
        return "port " + theirs.key() + " is already forwarded to " + theirs.internalClient() + ":" + theirs.internalPort()
                + " (" + owner + ")";
    }

    /** A remaining lease as people read it: {@code 6d 23h}, {@code 59m 57s}, {@code permanent}. */
    static String lease(PortMapping m) {
        return m.leaseSeconds() == 0 ? "permanent" : Durations.human(m.leaseSeconds());
    }

    static Map<String, Object> toJson(PortMapping m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("externalPort", m.externalPort());
        o.put("protocol", m.protocol().label());
        o.put("internalClient", m.internalClient());
        o.put("internalPort", m.internalPort());
        o.put("description", m.description());
        o.put("enabled", m.enabled());
        o.put("leaseSeconds", m.leaseSeconds());
        o.put("remoteHost", m.remoteHost());
        o.put("homeport", m.ownedByHomeport());
        return o;
    }
}
