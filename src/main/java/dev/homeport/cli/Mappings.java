package dev.homeport.cli;

import dev.homeport.core.Lease;
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

    /** A remaining lease as people read it: {@code 6d23h}, {@code 59m57s}, {@code permanent}. */
    static String lease(PortMapping m) {
        long s = m.leaseSeconds();
        if (s == 0) return "permanent";
        Lease whole = new Lease(s);
        if (!whole.toString().endsWith("s") || s < 60) return whole.toString();
        if (s >= 86_400) return s / 86_400 + "d" + (s % 86_400) / 3_600 + "h";
        if (s >= 3_600) return s / 3_600 + "h" + (s % 3_600) / 60 + "m";
        return s / 60 + "m" + s % 60 + "s";
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
