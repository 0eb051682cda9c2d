package dev.homeport.cli;

import dev.homeport.core.PortMapping;
import dev.homeport.core.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homeport list}: the router's whole mapping table. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Show the router's whole port-mapping table. Mappings homeport made are marked 'homeport', those"
                + " pointing at this host 'this host'.",
        footerHeading = "%nExamples:%n",
        footer = {"  homeport list", "  homeport list --json"})
final class ListCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;

    @Mixin
    RouterOptions router;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

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
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PortMapping m : table) {
                Map<String, Object> o = Mappings.toJson(m);
                o.put("thisHost", m.internalClient().equals(me));
                rows.add(o);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("router", r.describe());
            doc.put("thisHost", me);
            doc.put("mappings", rows);
            doc.put("pinholes", new Ipv6Forward(services, global, true).list(r));
            services.out().println(Json.write(doc));
            return ExitCodes.OK;
        }
        if (global.quiet()) return ExitCodes.OK;
        if (table.isEmpty()) {
            services.out().println("no port mappings on " + r.describe());
            new Ipv6Forward(services, global, false).list(r);
            return ExitCodes.OK;
        }
        services.out().printf("%-10s %-22s %-10s %-8s %s%n", "EXTERNAL", "INTERNAL", "LEASE", "ENABLED", "DESCRIPTION");
        for (PortMapping m : table) {
            List<String> marks = new ArrayList<>();
            if (m.ownedByHomeport()) marks.add("homeport");
            if (m.internalClient().equals(me)) marks.add("this host");
            services.out().printf("%-10s %-22s %-10s %-8s %s%s%n", m.key(), m.internalClient() + ":" + m.internalPort(),
                    Mappings.lease(m), m.enabled() ? "yes" : "no", "'" + m.description() + "'",
                    marks.isEmpty() ? "" : "  [" + String.join(", ", marks) + "]");
        }
        services.out().println(table.size() + " mapping(s) on " + r.describe());
        new Ipv6Forward(services, global, false).list(r);
        return ExitCodes.OK;
    }
}
