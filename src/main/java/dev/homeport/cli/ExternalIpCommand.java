package dev.homeport.cli;

import dev.homeport.core.Router;
import dev.homeport.net.Ipv4;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code homeport external-ip}: the router's WAN address. */
@Command(name = "external-ip", mixinStandardHelpOptions = true,
        description = "Print the router's WAN address, as the router reports it. Warns (on stderr) when it is private or"
                + " carrier-grade NAT: then forwarding on this router alone cannot make the server reachable.",
        footerHeading = "%nExamples:%n",
        footer = {"  homeport external-ip", "  homeport external-ip --json"})
@Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.NO_ROUTER, ExitCodes.ROUTER_REFUSED,
        ExitCodes.WEB_ADMIN, ExitCodes.IO})
final class ExternalIpCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;

    @Mixin
    RouterOptions router;

    ExternalIpCommand(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    @Override
    public Integer call() {
        RouterConnector connector = new RouterConnector(services, global);
        Router r = connector.connect(router, connector.settings());
        String ip = r.externalAddress();
        Ipv4.Scope scope = Ipv4.scope(ip);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("address", ip);
        doc.put("scope", scope.name().toLowerCase(java.util.Locale.ROOT));
        doc.put("router", r.describe());
        services.output().document(doc);
        services.output().answer(ip);
        services.output().detail("reported by " + r.describe() + "; scope " + doc.get("scope"));
        if (scope != Ipv4.Scope.PUBLIC) {
            services.output().warn(ip + " is " + scope.explanation()
                    + "; forwarding on this router alone cannot make the server reachable from the internet");
        }
        return ExitCodes.OK;
    }
}
