package dev.homeport.upnp;

import dev.homeport.net.Ipv4;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides which SSDP answers homeport believes, and so which hosts discovery may fetch anything from. SSDP is
 * unauthenticated: any LAN host can answer with a LOCATION pointing anywhere. A gateway is believed only when its
 * LOCATION is plain http on the responder's own address and that address is on a local subnet; after that, HTTP
 * requests go only to believed hosts.
 */
final class SsdpGuard {
    private static final int MAX_LOCATIONS_PER_HOST = 4;
    private final Predicate<String> onLocalSubnet;
    private final Set<String> flooding = new java.util.HashSet<>();
    private final Set<String> hosts = new LinkedHashSet<>();
    private final Set<String> locations = new LinkedHashSet<>();
    private final List<String> refusals = new ArrayList<>();

    /** @param onLocalSubnet true for an address on one of this host's attached subnets */
    SsdpGuard(Predicate<String> onLocalSubnet) {
        this.onLocalSubnet = onLocalSubnet;
    }

    /**
     * Checks an answer received from {@code responder}.
     *
     * @return empty when accepted, else why it was refused
     */
    synchronized Optional<String> check(String responder, SsdpResponse r) {
        if (!r.aboutIgd()) return Optional.of("not an Internet Gateway Device (" + r.st() + ")");
        Optional<String> why = problem(responder, r.location());
        if (why.isPresent()) {
            if (refusals.size() < 32) refusals.add(responder + ": " + why.get());
            return why;
        }
        // A LAN host answering with thousands of distinct LOCATIONs must not grow what discovery may fetch.
        // Counted per responder, so a flooding host cannot crowd out the real router's answer.
        String location = r.location().strip();
        long fromThere = locations.stream().filter(l -> l.startsWith("http://" + responder + ":") || l.startsWith("http://"
                + responder + "/")).count();
        if (!locations.contains(location) && fromThere >= MAX_LOCATIONS_PER_HOST) {
            if (flooding.add(responder)) refused(responder + ": more than " + MAX_LOCATIONS_PER_HOST + " LOCATIONs (ignored)");
            return Optional.of("more than " + MAX_LOCATIONS_PER_HOST + " LOCATIONs from " + responder + " (ignored)");
        }
        hosts.add(responder);
        locations.add(location);
        return Optional.empty();
    }

    private Optional<String> problem(String responder, String location) {
        URI u;
        try {
            u = URI.create(location.strip());
        } catch (IllegalArgumentException e) {
            return Optional.of("LOCATION '" + location + "' is not a URL");
        }
        if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            return Optional.of("LOCATION '" + location + "' is not an http URL with a host");
        }
        String host = u.getHost().toLowerCase(Locale.ROOT);
        if (!Ipv4.isValid(host)) return Optional.of("LOCATION host " + host + " is not an IPv4 address");
        if (!host.equals(responder)) {
            return Optional.of("LOCATION host " + host + " is not the responder " + responder + " (refused)");
        }
        if (!onLocalSubnet.test(responder)) return Optional.of(responder + " is not on a local subnet (refused)");
        return Optional.empty();
    }

    /** Also believes {@code host}: the router the user named with {@code --router}. */
    synchronized void trust(String host) {
        hosts.add(host.toLowerCase(Locale.ROOT));
    }

    /** True when discovery may send a request to {@code host}. */
    synchronized boolean allows(String host) {
        return host != null && hosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** The believed LOCATIONs, in arrival order. */
    synchronized List<String> locations() {
        return List.copyOf(locations);
    }

    /** Why answers were refused (for -v and {@code discover}). */
    synchronized List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** Records a refusal found later (a DOCTYPE in a description, a request to an unbelieved host). */
    synchronized void refused(String what) {
        if (refusals.size() < 32) refusals.add(what);
    }
}
