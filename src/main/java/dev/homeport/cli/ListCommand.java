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
import picocli.CommandLine.Option;

/** {@code homeport list}: the router's whole mapping table (and, with --outer, the outer router's behind a double NAT). */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Show the router's whole port-mapping table. Mappings homeport made are marked 'homeport', those"
                + " pointing at this host 'this host'. With --outer, behind a double NAT, the outer router's (ISP box) table"
                + " follows: 'your router' marks what it forwards to your router, 'recorded' what homeport made there from"
                + " this host (the only ones it renews and removes).",
        footerHeading = "%nExamples:%n",
        footer = {"  homeport list", "  homeport list --json", "  homeport list --outer        both routers behind a double NAT"})
@Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.NO_ROUTER, ExitCodes.ROUTER_REFUSED,
        ExitCodes.WEB_ADMIN, ExitCodes.IO, ExitCodes.OUTER_CLOSED})
final class ListCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;

    @Mixin
    RouterOptions router;

    @Option(names = "--outer", description = "Behind a double NAT, also show the outer router's (ISP box) table"
            + " (docs/double-nat.md). Exit code 14 when its table cannot be read.")
    boolean outer;

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
        Output out = services.output();
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
        if (heldOnly) out.answer(heldNote);
        if (table.isEmpty()) {
            out.answer("no port mappings on " + r.describe());
        } else {
            out.answer(String.format("%-10s %-22s %-10s %-8s %s", "EXTERNAL", "INTERNAL", "LEASE", "ENABLED", "DESCRIPTION"));
        }
        for (PortMapping m : table) {
            List<String> marks = new ArrayList<>();
            if (m.ownedByHomeport()) marks.add("homeport");
            if (m.internalClient().equals(me)) marks.add("this host");
            out.answer(String.format("%-10s %-22s %-10s %-8s %s%s", m.key(), m.internalClient() + ":" + m.internalPort(),
                    Mappings.lease(m), m.enabled() ? "yes" : "no", "'" + m.description() + "'",
                    marks.isEmpty() ? "" : "  [" + String.join(", ", marks) + "]"));
        }
        if (!table.isEmpty()) out.detail(table.size() + " mapping(s) on " + r.describe() + "; this host is " + me);
        doc.put("pinholes", new Ipv6Forward(services, global, out.json()).list(r));
        OuterTable outerTable = new OuterTable(services, new OuterForward(services, services.stateStore(global)));
        if (outer) {
            doc.put("outer", outerTable.show(r, doc));
        } else {
            outerTable.reminder().ifPresent(out::answer);
        }
        out.document(doc);
        return ExitCodes.OK;
    }
}
