package dev.homeport.cli;

import dev.homeport.core.PortMapping;
import dev.homeport.core.Router;
import dev.homeport.pcp.PortControlRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code homeport list}: the router's whole mapping table. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Show the router's whole port-mapping table. Mappings homeport made are marked 'homeport', those"
                + " pointing at this host 'this host'.",
        footerHeading = "%nExamples:%n",
        footer = {"  homeport list", "  homeport list --json"})
@Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.NO_ROUTER, ExitCodes.ROUTER_REFUSED,
        ExitCodes.WEB_ADMIN, ExitCodes.IO})
final class ListCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;

    @Mixin
    RouterOptions router;

    ListCommand(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    @Override
    public Integer call() {
        RouterConnector connector = new RouterConnector(services, global);
        Router r = connector.connect(router, connector.settings());
        List<PortMapping> table = r.list();
        String me = connector.thisHost(r);
        // PCP and NAT-PMP cannot read the router's table: what they list is what homeport made and holds.
        boolean heldOnly = RouterConnector.unwrap(r) instanceof PortControlRouter;
        String heldNote = r.describe() + " cannot list the router's table: these are the mappings homeport made and holds there";
        if (services.output().json()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PortMapping m : table) {
                Map<String, Object> o = Mappings.toJson(m);
                o.put("thisHost", m.internalClient().equals(me));
                rows.add(o);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("router", r.describe());
            doc.put("thisHost", me);
            if (heldOnly) doc.put("heldByHomeportOnly", true);
            doc.put("mappings", rows);
            doc.put("pinholes", new Ipv6Forward(services, global, true).list(r));
            services.output().document(doc);
            return ExitCodes.OK;
        }
        Output out = services.output();
        if (heldOnly) out.answer(heldNote);
        if (table.isEmpty()) {
            out.answer("no port mappings on " + r.describe());
            new Ipv6Forward(services, global, false).list(r);
            return ExitCodes.OK;
        }
        out.answer(String.format("%-10s %-22s %-10s %-8s %s", "EXTERNAL", "INTERNAL", "LEASE", "ENABLED", "DESCRIPTION"));
        for (PortMapping m : table) {
            List<String> marks = new ArrayList<>();
            if (m.ownedByHomeport()) marks.add("homeport");
            if (m.internalClient().equals(me)) marks.add("this host");
            out.answer(String.format("%-10s %-22s %-10s %-8s %s%s", m.key(), m.internalClient() + ":" + m.internalPort(),
                    Mappings.lease(m), m.enabled() ? "yes" : "no", "'" + m.description() + "'",
                    marks.isEmpty() ? "" : "  [" + String.join(", ", marks) + "]"));
        }
        out.detail(table.size() + " mapping(s) on " + r.describe() + "; this host is " + me);
        new Ipv6Forward(services, global, false).list(r);
        return ExitCodes.OK;
    }
}
