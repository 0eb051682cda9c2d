package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.AddResult;
import dev.homeport.core.HomeportException;
import dev.homeport.core.IpVersion;
import dev.homeport.core.Lease;
import dev.homeport.core.Ownership;
import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.core.Router;
import dev.homeport.doublenat.Detection;
import dev.homeport.reassert.ManualForwards;
import dev.homeport.upnp.UpnpRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homeport forward}: open a port on the router to this host (or another). */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Forward a port on the router to this host: visitors reaching the router's WAN address on the external port"
                + " get the internal port here. Idempotent. 'homeport reassert' (the installed schedule) keeps it alive:"
                + " renews its lease and restores it after a router reboot, until 'homeport unforward' removes it.",
        footerHeading = "%nExamples:%n",
        footer = {"  homeport forward --port 888                      888/tcp -> this host:888",
                  "  homeport forward --port 888 --external-port 8888 --protocol both",
                  "  homeport forward --port 80 --to 192.168.1.20 --lease 1d --router http://192.168.1.1:5000/rootDesc.xml"})
@Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.NO_ROUTER, ExitCodes.ROUTER_REFUSED,
        ExitCodes.CONFLICT, ExitCodes.WEB_ADMIN, ExitCodes.IO, ExitCodes.OUTER_CLOSED})
final class ForwardCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;

    @Mixin
    RouterOptions router;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "Internal port of the server (1-65535).")
    int port;

    @Option(names = "--external-port", paramLabel = "PORT", description = "Port on the router's WAN side (default: --port).")
    Integer externalPort;

    @Option(names = "--protocol", paramLabel = "tcp|udp|both", defaultValue = "tcp", description = "Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--to", paramLabel = "ADDRESS",
            description = "Internal client (default: this host's address towards the router). Many routers refuse other hosts.")
    String to;

    @Option(names = "--lease", paramLabel = "DURATION",
            description = "How long the router keeps it: 7d (default, or router.lease), 12h, 3600, permanent.")
    String lease;

    @Option(names = "--name", paramLabel = "TEXT", description = "Mapping name (default: homeport <hostname> <port>).")
    String name;

    @Option(names = "--ip-version", paramLabel = "4|6|both", defaultValue = "both",
            description = "4: a port mapping on the router's WAN address; 6: an IPv6 pinhole to this host's stable global"
                    + " address; both (default): what this host and the router support.")
    String ipVersion;

    @Option(names = "--no-outer", description = "Behind a double NAT, do not open the port on the outer router (ISP box)"
            + " too (config: router.double-nat: off).")
    boolean noOuter;

    ForwardCommand(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    @Override
    public Integer call() {
        int internal = Inputs.port("--port", port);
        int external = externalPort == null ? internal : Inputs.port("--external-port", externalPort);
        List<Protocol> protocols = Inputs.protocols(protocol);
        IpVersion version = Inputs.ipVersion(ipVersion);
        String client = to == null ? null : Inputs.address("--to", to);
        if (client != null && version == IpVersion.V6) {
            throw Inputs.usage("--to forwards over IPv4 only: a router opens an IPv6 pinhole only when the host it is for asks");
        }
        String description;
        try {
            description = name == null ? Ownership.defaultName(Inputs.hostName(), internal) : Ownership.describe(name);
        } catch (IllegalArgumentException e) {
            throw Inputs.usage("--name " + e.getMessage());
        }
        RouterConnector connector = new RouterConnector(services, global);
        Config.RouterSettings settings = connector.settings();
        Lease wantedLease = lease == null ? settings.lease() : Inputs.lease(lease);

        Router r = connector.connect(router, settings);
        boolean toThisHost = client == null;
        if (client == null) client = connector.thisHost(r);
        ManualForwards manual = new ManualForwards(services.stateStore(global));
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        String wan = null;
        Optional<HomeportException> v4Failure = Optional.empty();
        for (Protocol p : version.wantsV4() ? protocols : List.<Protocol>of()) {
            PortMapping wanted = PortMapping.of(external, p, client, internal, description, wantedLease.seconds());
            AddResult result;
            try {
                result = r.add(wanted);
            } catch (HomeportException e) {
                // Behind carrier-grade NAT the router refuses every IPv4 mapping, yet an IPv6 pinhole may still work.
                if (version != IpVersion.BOTH || to != null || services.ipv6().stableGlobal().isEmpty()) throw e;
                v4Failure = Optional.of(e);
                break;
            }
            if (wan == null && !(result instanceof AddResult.Conflict)) wan = wanAddress(r);
            results.add(json(result, wan));
            // reassert keeps it alive (lease renewed, restored after a router reboot) until unforward forgets it.
            if (!(result instanceof AddResult.Conflict)) remember(manual, wanted, toThisHost);
            if (result instanceof AddResult.Conflict c) {
                conflicts.add(Mappings.conflictLine(c.mapping()));
            } else if (result instanceof AddResult.Unverified u) {
                line(wan, u.mapping(), " unverified: accepted but not read back", r);
                if (!global.quiet()) services.err().println("warning: " + u.reason() + "; check it with 'homeport list'");
            } else {
                line(wan, result.mapping(), result instanceof AddResult.AlreadyPresent ? " already in place" : "", r);
            }
        }
        // A conflict fails the command: the user fixes it and runs it again, so no half-done IPv6 step meanwhile. When
        // IPv4 failed, the IPv6 lines are held back: without a pinhole the IPv4 error alone is the answer.
        // The double-NAT check (a ping to the WAN address just read) runs while the IPv6 pinhole is opened; nothing is printed.
        Optional<UpnpRouter> innerUpnp = OuterForward.upnpOf(r);
        OuterForward outerForward = new OuterForward(services, services.stateStore(global));
        String wanRead = wan;
        Optional<Supplier<Detection>> detection = !noOuter && settings.doubleNat() && conflicts.isEmpty()
                ? innerUpnp.map(u -> outerForward.detectSoon(u, wanRead)) : Optional.empty();
        boolean json = services.output().json();
        Ipv6Forward v6 = new Ipv6Forward(services, global, json);
        if (v4Failure.isPresent()) v6.deferred();
        List<Map<String, Object>> pinholes = version.wantsV6() && to == null && conflicts.isEmpty()
                ? v6.forward(r, internal, protocols, wantedLease, version) : List.of();
        boolean v6Open = pinholes.stream().anyMatch(m -> m.containsKey("id"));
        if (v4Failure.isPresent() && !v6Open) {
            v6.flushResults();
            throw v4Failure.get();
        }
        if (v4Failure.isPresent() && !json && !global.quiet()) {
            services.out().println("IPv4 " + external + ": no mapping: " + Main.oneLine(v4Failure.get().getMessage()));
        }
        v6.flush();
        Optional<OuterForward.Outcome> outer = Optional.empty();
        if (detection.isPresent()) {
            outer = outerForward.forward(innerUpnp.get(), detection.get(), external, protocols, description, wantedLease);
            outer.ifPresent(o -> outerLines(o, conflicts));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("router", r.describe());
        doc.put("externalAddress", wan == null || wan.isEmpty() ? null : wan);
        doc.put("mappings", results);
        doc.put("pinholes", pinholes);
        doc.put("outer", outer.map(OuterForward::json).orElse(null));
        services.output().document(doc);
        if (outer.isPresent() && outer.get().results().isEmpty()) {
            throw OuterForward.byHand(outer.get(), external, protocols, innerUpnp.get().gateway().host());
        }
        if (!conflicts.isEmpty()) {
            throw new HomeportException(HomeportException.Kind.CONFLICT, String.join("; ", conflicts),
                    "homeport never overwrites another host's or program's mapping: use another --external-port");
        }
        return ExitCodes.OK;
    }

    /** One line per mapping on the outer router, as for the inner one. */
    private void outerLines(OuterForward.Outcome o, List<String> conflicts) {
        if (o.outer().isEmpty() || o.results().isEmpty()) return;
        UpnpRouter outer = o.outer().get();
        String outerWan = wanAddress(outer);
        for (AddResult result : o.results()) {
            if (result instanceof AddResult.Conflict c) {
                conflicts.add("outer router: " + Mappings.conflictLine(c.mapping()));
            } else {
                line(outerWan, result.mapping(), (result instanceof AddResult.AlreadyPresent ? " already in place" : "")
                        + (result instanceof AddResult.Unverified ? " unverified" : ""), outer);
            }
        }
    }

    private void remember(ManualForwards manual, PortMapping wanted, boolean toThisHost) {
        try {
            manual.remember(wanted, toThisHost);
        } catch (HomeportException e) {
            services.err().println("warning: the forward is in place, but 'homeport reassert' will not keep it alive: "
                    + Main.oneLine(e.getMessage()));
        }
    }

    private void line(String wan, PortMapping m, String already, Router r) {
        String where = wan.isEmpty() ? "" : wan + ":";
        services.output().report(where + m.key() + " -> " + m.internalClient() + ":" + m.internalPort() + already
                + " (lease " + Mappings.lease(m) + ", via " + r.describe() + ")");
    }

    private String wanAddress(Router r) {
        try {
            return r.externalAddress();
        } catch (HomeportException e) {
            services.output().warn(e.getMessage());
            return "";
        }
    }

    private static Map<String, Object> json(AddResult result, String wan) {
        Map<String, Object> m = Mappings.toJson(result.mapping());
        m.put("result", result instanceof AddResult.Added ? "added"
                : result instanceof AddResult.Unverified ? "unverified"
                : result instanceof AddResult.AlreadyPresent ? "already-present" : "conflict");
        if (!(result instanceof AddResult.Conflict)) {
            m.put("externalAddress", wan == null || wan.isEmpty() ? null : wan);
            // Read back from the router (true), or only accepted by it (false: the mapping is what was asked for).
            m.put("verified", !(result instanceof AddResult.Unverified));
        }
        if (result instanceof AddResult.Unverified u) m.put("unverifiedReason", u.reason());
        return m;
    }
}
