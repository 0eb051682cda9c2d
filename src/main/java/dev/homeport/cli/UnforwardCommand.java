package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.RemoveResult;
import dev.homeport.core.Router;
import dev.homeport.doublenat.OuterLedger;
import dev.homeport.reassert.ManualForwards;
import dev.homeport.upnp.UpnpRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homeport unforward}: remove a mapping homeport made for this host. */
@Command(name = "unforward", mixinStandardHelpOptions = true,
        description = "Remove a port forwarding homeport made for this host, and stop 'homeport reassert' keeping it alive."
                + " Mappings made by anything else, or pointing at another host, are left alone.",
        footerHeading = "%nExamples:%n",
        footer = {"  homeport unforward --port 888",
                  "  homeport unforward --port 888 --external-port 8888 --protocol both",
                  "  homeport unforward --port 80 --to 192.168.1.20"})
@Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.NO_ROUTER, ExitCodes.ROUTER_REFUSED,
        ExitCodes.NOT_OWNED, ExitCodes.WEB_ADMIN, ExitCodes.IO})
final class UnforwardCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;

    @Mixin
    RouterOptions router;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "Internal port (1-65535).")
    int port;

    @Option(names = "--external-port", paramLabel = "PORT", description = "Port on the router's WAN side (default: --port).")
    Integer externalPort;

    @Option(names = "--protocol", paramLabel = "tcp|udp|both", defaultValue = "tcp", description = "Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--to", paramLabel = "ADDRESS",
            description = "The internal client the mapping points at, as given to 'forward --to' (default: this host).")
    String to;

    @Option(names = "--no-outer", description = "Behind a double NAT, leave the outer router (ISP box) alone"
            + " (config: router.double-nat: off).")
    boolean noOuter;

    UnforwardCommand(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    @Override
    public Integer call() {
        int internal = Inputs.port("--port", port);
        int external = externalPort == null ? internal : Inputs.port("--external-port", externalPort);
        List<Protocol> protocols = Inputs.protocols(protocol);
        String client = to == null ? null : Inputs.address("--to", to);
        RouterConnector connector = new RouterConnector(services, global);
        Config.RouterSettings settings = connector.settings();
        Router r = connector.connect(router, settings);
        String me = client == null ? connector.thisHost(r) : client;
        ManualForwards manual = new ManualForwards(services.stateStore(global));
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Protocol p : protocols) {
            RemoveResult result = r.remove(external, p, me);
            // Removed, or already gone: reassert stops keeping it alive. Another's mapping: nothing of ours to forget.
            if (!(result instanceof RemoveResult.NotOwned)) manual.forget(external, p);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("externalPort", external);
            o.put("protocol", p.label());
            if (result instanceof RemoveResult.Removed removed) {
                PortMapping m = removed.mapping();
                o.put("result", "removed");
                o.put("mapping", Mappings.toJson(m));
                say("removed " + m.key() + " -> " + m.internalClient() + ":" + m.internalPort() + " (via " + r.describe() + ")");
            } else if (result instanceof RemoveResult.NotOwned n) {
                PortMapping m = n.mapping();
                o.put("result", "not-owned");
                o.put("mapping", Mappings.toJson(m));
                String where = m.key() + " -> " + m.internalClient() + ":" + m.internalPort() + " ('" + m.description() + "')";
                refused.add(m.ownedByHomeport()
                        ? where + " is homeport's mapping for " + m.internalClient() + ", not for this host (" + me + "): left alone"
                        : where + " was not made by homeport: left alone");
            } else {
                o.put("result", "absent");
                say(external + "/" + p.label() + " was not forwarded: nothing to remove");
            }
            results.add(o);
        }
        List<Map<String, Object>> pinholes = new Ipv6Forward(services, global, services.output().json()).unforward(r, internal, protocols);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("router", r.describe());
        doc.put("mappings", results);
        doc.put("pinholes", pinholes);
        Optional<UpnpRouter> inner = OuterForward.upnpOf(r);
        if (!noOuter && settings.doubleNat() && inner.isPresent()) {
            doc.put("outer", outer(inner.get(), external, protocols, refused));
        } else if (noOuter) {
            // The user keeps the outer mapping: homeport stops claiming it, so no later run removes it.
            OuterLedger ledger = new OuterLedger(services.stateStore(global));
            protocols.forEach(p -> ledger.forget(external, p));
        }
        if (results.stream().allMatch(o -> "absent".equals(o.get("result")))) {
            List<PortMapping> elsewhere = elsewhere(r, internal, me, external, protocols);
            doc.put("sameInternalPort", elsewhere.stream().map(Mappings::toJson).toList());
            for (PortMapping m : elsewhere) {
                services.output().warn(m.key() + " -> " + m.internalClient() + ":" + m.internalPort() + " forwards this internal port:"
                        + " remove it with '" + removeCommand(m, internal, client) + "'");
            }
        }
        services.output().document(doc);
        if (!refused.isEmpty()) {
            throw new HomeportException(HomeportException.Kind.NOT_OWNED, String.join("; ", refused),
                    "remove it on the host or program that made it, or in the router's admin page");
        }
        return ExitCodes.OK;
    }

    /** The outer router's half behind a double NAT: its mapping to the inner router's WAN address goes too. */
    private List<Map<String, Object>> outer(UpnpRouter inner, int external, List<Protocol> protocols, List<String> refused) {
        List<Map<String, Object>> out = new ArrayList<>();
        new OuterForward(services, services.stateStore(global)).unforward(inner, external, protocols).ifPresent(e -> {
            for (RemoveResult result : e.getValue()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("router", e.getKey().describe());
                if (result instanceof RemoveResult.Removed removed) {
                    PortMapping m = removed.mapping();
                    o.put("result", "removed");
                    o.put("mapping", Mappings.toJson(m));
                    say("removed " + m.key() + " -> " + m.internalClient() + ":" + m.internalPort() + " (via "
                            + e.getKey().describe() + ")");
                } else if (result instanceof RemoveResult.NotOwned n) {
                    o.put("result", "not-owned");
                    o.put("mapping", Mappings.toJson(n.mapping()));
                    PortMapping m = n.mapping();
                    refused.add("outer router: " + m.key() + " -> " + m.internalClient() + ":" + m.internalPort() + " ('"
                            + m.description() + "') is not recorded as made by homeport from this host: left alone");
                } else {
                    o.put("result", "absent");
                }
                out.add(o);
            }
        });
        return out;
    }

    /** Mappings to the same client and internal port under another external port or protocol. */
    private static List<PortMapping> elsewhere(Router r, int internal, String client, int external, List<Protocol> protocols) {
        try {
            return r.list().stream().filter(m -> m.internalPort() == internal && m.internalClient().equals(client))
                    .filter(m -> m.externalPort() != external || !protocols.contains(m.protocol())).toList();
        } catch (HomeportException e) {
            return List.of(); // the hint is a courtesy: a router that cannot list just gets none
        }
    }

    private static String removeCommand(PortMapping m, int internal, String client) {
        return "homeport unforward --port " + internal + (m.externalPort() == internal ? "" : " --external-port " + m.externalPort())
                + (m.protocol() == Protocol.TCP ? "" : " --protocol " + m.protocol().label()) + (client == null ? "" : " --to " + client);
    }

    private void say(String line) {
        services.output().report(line);
    }
}
