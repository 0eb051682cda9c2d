package dev.homeport.watch;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides which NOTIFYs from the router mean "reconcile now": an alive with a new BOOTID.UPNP.ORG (it rebooted), an
 * alive after a byebye (it came back), an alive with a new LOCATION (it moved, often to a new HTTP port after a
 * reboot). The periodic alives of a router that did not change trigger nothing; neither does a byebye (the router
 * is going away: reconciling now would fail). The first alive after start is only learnt: watch reconciled then.
 * Not thread-safe: one listener thread feeds it.
 */
final class NotifyFilter {
    private OptionalLong bootId = OptionalLong.empty();
    private Optional<String> location = Optional.empty();
    private boolean sawByebye;

    /** What {@code n} calls for: a trigger, or empty when nothing changed. */
    Optional<Trigger> accept(Notify n) {
        switch (n.nts()) {
            case BYEBYE -> {
                sawByebye = true;
                return Optional.empty();
            }
            case UPDATE -> {
                // The device will use NEXTBOOTID from now on without having rebooted (UDA 1.1 4.1.3).
                if (n.nextBootId().isPresent()) bootId = n.nextBootId();
                n.location().ifPresent(l -> location = Optional.of(l));
                return Optional.empty();
            }
            default -> {
                return alive(n);
            }
        }
    }

    private Optional<Trigger> alive(Notify n) {
        String newLocation = n.location().orElseThrow();
        Optional<String> why = Optional.empty();
        if (sawByebye) {
            why = Optional.of("the router is back (ssdp:alive after ssdp:byebye)");
        } else if (n.bootId().isPresent() && bootId.isPresent() && n.bootId().getAsLong() != bootId.getAsLong()) {
            why = Optional.of("the router restarted (BOOTID.UPNP.ORG " + bootId.getAsLong() + " -> " + n.bootId().getAsLong() + ")");
        } else if (location.isPresent() && !location.get().equals(newLocation)) {
            why = Optional.of("the router moved its description to " + Printable.of(newLocation));
        }
        boolean moved = location.isPresent() && !location.get().equals(newLocation);
        sawByebye = false;
        if (n.bootId().isPresent()) bootId = n.bootId();
        location = Optional.of(newLocation);
        return why.map(w -> new Trigger("ssdp", w, moved ? Optional.of(newLocation) : Optional.empty()));
    }
}
