package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Router;
import dev.homeport.doublenat.OuterLedger;
import dev.homeport.upnp.UpnpRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code list --outer}: the outer router's table behind a double NAT (docs/double-nat.md), each mapping marked
 * {@code homeport} (its description carries the marker), {@code your router} (it forwards to the inner router's WAN
 * address) and {@code recorded} (the ledger records it as made from this host: the only ones homeport keeps alive
 * and removes there).
 */
final class OuterTable {
    private final Services services;
    private final OuterForward outerForward;

    OuterTable(Services services, OuterForward outerForward) {
        this.services = services;
        this.outerForward = outerForward;
    }

    /**
     * Prints the outer router's table after the inner one (or returns the {@code outer} member of list's JSON).
     *
     * @throws HomeportException (OUTER_CLOSED) behind a double NAT whose outer router cannot be read
     */
    Map<String, Object> show(Router inner, Map<String, Object> listDoc) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Optional<UpnpRouter> upnp = OuterForward.upnpOf(inner);
        if (upnp.isEmpty()) {
            return none(doc, "unknown", inner.describe() + " is not driven by UPnP: homeport looks for an outer router only"
                    + " behind a UPnP router");
        }
        OuterForward.Found f = outerForward.locateAny(upnp.get());
        if (!f.detection().doubleNat()) {
            return none(doc, f.detection().verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'), f.detection().evidence());
        }
        doc.put("detection", "double-nat");
        doc.put("evidence", f.detection().evidence());
        doc.put("router", f.outer().map(UpnpRouter::describe).orElse(null));
        doc.put("address", f.outer().map(u -> u.gateway().host()).orElse(null));
        doc.put("innerWanAddress", f.innerWan().orElse(null));
        if (f.outer().isEmpty()) {
            doc.put("mappings", List.of());
            listDoc.put("outer", doc);
            services.output().document(listDoc);
            throw closed(f, outerForward.ledger().read());
        }
        UpnpRouter outer = f.outer().get();
        List<PortMapping> table = outer.list();
        Map<String, OuterLedger.Entry> recorded = outerForward.ledger().read();
        String innerWan = f.innerWan().orElse("");
        List<Map<String, Object>> rows = new ArrayList<>();
        Output out = services.output();
        out.answer("");
        out.answer("outer router: " + outer.describe() + " at " + outer.gateway().host()
                + (innerWan.isEmpty() ? "" : "; your router is " + innerWan + " on its LAN"));
        out.answer("double NAT: " + f.detection().evidence());
        if (table.isEmpty()) out.answer("no port mappings on " + outer.describe());
        else out.answer(String.format("%-10s %-22s %-10s %-8s %s", "EXTERNAL", "INTERNAL", "LEASE", "ENABLED", "DESCRIPTION"));
        for (PortMapping m : table) {
            boolean isRecorded = Optional.ofNullable(recorded.get(m.key()))
                    .filter(e -> e.onRouter(outer.gateway().host(), outer.gateway().udn()) && e.describes(m)).isPresent();
            boolean toInner = m.internalClient().equals(innerWan);
            Map<String, Object> row = Mappings.toJson(m);
            row.put("yourRouter", toInner);
            row.put("recorded", isRecorded);
            rows.add(row);
            List<String> marks = new ArrayList<>();
            if (m.ownedByHomeport()) marks.add("homeport");
            if (toInner) marks.add("your router");
            if (isRecorded) marks.add("recorded");
            out.answer(String.format("%-10s %-22s %-10s %-8s %s%s", m.key(), m.internalClient() + ":" + m.internalPort(),
                    Mappings.lease(m), m.enabled() ? "yes" : "no", "'" + m.description() + "'",
                    marks.isEmpty() ? "" : "  [" + String.join(", ", marks) + "]"));
        }
        doc.put("mappings", rows);
        return doc;
    }

    /** The line printed under a plain {@code list} when homeport holds mappings on an outer router. */
    Optional<String> reminder() {
        Map<String, OuterLedger.Entry> recorded = outerForward.ledger().read();
        if (recorded.isEmpty()) return Optional.empty();
        return Optional.of("the outer router (ISP box) " + recorded.values().iterator().next().router() + " also forwards "
                + String.join(", ", recorded.keySet()) + " for this host: 'homeport list --outer' shows its table");
    }

    private Map<String, Object> none(Map<String, Object> doc, String detection, String why) {
        doc.put("detection", detection);
        doc.put("evidence", why);
        doc.put("router", null);
        doc.put("address", null);
        doc.put("innerWanAddress", null);
        doc.put("mappings", List.of());
        services.output().answer("");
        services.output().answer("outer router: none (" + (why.isEmpty() ? detection : why) + ")");
        return doc;
    }

    /** The error when the outer router's table cannot be read; the hint names what homeport recorded there. */
    private static HomeportException closed(OuterForward.Found f, Map<String, OuterLedger.Entry> recorded) {
        String where = f.detection().candidates().stream().findFirst().map(c -> " (" + c + ")").orElse("");
        String target = f.innerWan().or(() -> recorded.values().stream().map(OuterLedger.Entry::innerWan).findFirst())
                .orElse("your router's WAN address");
        String ports = recorded.isEmpty() ? "your ports" : String.join(", ", recorded.keySet()) + " (recorded by homeport)";
        return new HomeportException(HomeportException.Kind.OUTER_CLOSED, "double NAT (" + f.detection().evidence()
                + "): the outer router" + where + " does not answer UPnP, so its table cannot be read",
                "look at its port-forwarding page: it must forward " + ports + " to " + target);
    }
}
