package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import dev.homeport.net.Ipv4;
import dev.homeport.pcp.PortControl;
import dev.homeport.upnp.Gateway;
import dev.homeport.upnp.GatewayCache;
import dev.homeport.upnp.Upnp;
import dev.homeport.upnp.UpnpRouter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homeport discover}: every UPnP gateway that answers, and its state. */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = "Search the LAN for UPnP Internet Gateway Devices and show each one's model, IGD version, WAN services,"
                + " control URLs and status. The first (the default gateway when it answers) is remembered for later runs."
                + " Also says whether the default gateway answers PCP and NAT-PMP.",
        footerHeading = "%nExamples:%n",
        footer = {"  homeport discover", "  homeport discover --timeout 5s --json",
                  "  homeport discover --router http://192.168.1.1:5000/rootDesc.xml"})
@Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.NO_ROUTER, ExitCodes.ROUTER_REFUSED, ExitCodes.IO})
final class DiscoverCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;

    @Mixin
    RouterOptions router;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s",
            description = "How long to wait for answers (default: ${DEFAULT-VALUE}).")
    String timeout;

    DiscoverCommand(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    @Override
    public Integer call() {
        Duration wait = Inputs.timeout("--timeout", timeout);
        Upnp upnp = new Upnp(services.lanHttp(), services.network());
        List<Upnp.DiscoveredGateway> found;
        Optional<Map<String, Object>> pmp = Optional.empty();
        if (router.url().isPresent()) {
            found = List.of(upnp.connect(router.url().get()));
        } else {
            pmp = portControl();
            try {
                found = upnp.discoverAll(wait);
            } catch (HomeportException e) {
                // No UPnP: still a result when the gateway speaks PCP or NAT-PMP.
                if (e.kind() != HomeportException.Kind.NO_ROUTER || pmp.isEmpty() || !Boolean.TRUE.equals(pmp.get().get("any"))) throw e;
                found = List.of();
                pmp.get().put("upnp", e.getMessage());
            }
            if (!found.isEmpty() && upnp.isDefaultGateway(found.get(0).gateway())) {
                Upnp.remember(new GatewayCache(services.stateStore(global)), found.get(0).gateway());
            }
        }
        pmp.ifPresent(p -> {
            if (!services.output().json()) printPortControl(services.output().stdout(), p);
        });
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Upnp.DiscoveredGateway d : found) {
            Map<String, Object> doc = describe(upnp, d);
            docs.add(doc);
            if (!services.output().json()) {
                print(services.output().stdout(), doc, d);
                if (!upnp.isDefaultGateway(d.gateway())) {
                    services.output().stdout().println("  note         not the default gateway ("
                            + services.network().defaultGateway().orElse("?")
                            + "): homeport uses it only while the default gateway does not answer, and never caches it");
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gateways", docs);
        pmp.ifPresent(p -> out.put("defaultGateway", p));
        services.output().document(out);
        return ExitCodes.OK;
    }

    /** Which of PCP and NAT-PMP the default gateway answers (two seconds each at most), when there is one. */
    private Optional<Map<String, Object>> portControl() {
        Optional<String> gw = services.network().defaultGateway();
        if (gw.isEmpty()) return Optional.empty();
        PortControl pc = new PortControl(gw.get(), services.stateStore(global), services.clock());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("address", pc.gateway());
        boolean any = false;
        for (PortControl.Answer a : List.of(pc.probePcp(), pc.probeNatPmp())) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("answers", a.answers());
            a.epoch().ifPresent(e -> p.put("epochSeconds", e.serverSeconds()));
            if (!a.answers()) p.put("error", a.why());
            o.put(a.protocol().equals("PCP") ? "pcp" : "natpmp", p);
            any |= a.answers();
        }
        o.put("any", any);
        return Optional.of(o);
    }

    @SuppressWarnings("unchecked")
    private static void printPortControl(PrintWriter out, Map<String, Object> o) {
        out.println("default gateway " + o.get("address") + " (UDP 5351)");
        for (String k : List.of("pcp", "natpmp")) {
            Map<String, Object> p = (Map<String, Object>) o.get(k);
            String name = k.equals("pcp") ? "PCP    " : "NAT-PMP";
            out.println("  " + name + "      " + (Boolean.TRUE.equals(p.get("answers")) ? "answers (epoch " + p.get("epochSeconds")
                    + " s)" : "no (" + p.get("error") + ")"));
        }
        if (o.containsKey("upnp")) out.println("  UPnP         no (" + o.get("upnp") + ")");
    }

    private Map<String, Object> describe(Upnp upnp, Upnp.DiscoveredGateway d) {
        Gateway g = d.gateway();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", g.friendlyName());
        o.put("manufacturer", g.manufacturer());
        o.put("model", g.modelName());
        o.put("igdVersion", g.igdVersion());
        o.put("udn", g.udn());
        o.put("address", g.host());
        o.put("descriptionUrl", g.descriptionUrl());
        o.put("localAddress", g.localAddress());
        o.put("defaultGateway", upnp.isDefaultGateway(g));
        List<Map<String, Object>> services = new ArrayList<>();
        for (Upnp.Service s : d.services()) {
            Map<String, Object> so = new LinkedHashMap<>();
            so.put("serviceType", s.serviceType());
            so.put("controlUrl", s.controlUrl());
            so.put("used", s.serviceType().equals(g.serviceType()) && s.controlUrl().equals(g.controlUrl()));
            services.add(so);
        }
        o.put("services", services);
        UpnpRouter r = upnp.router(g);
        try {
            UpnpRouter.Status st = r.status();
            o.put("connectionStatus", st.connectionStatus());
            o.put("uptimeSeconds", st.uptimeSeconds());
        } catch (HomeportException e) {
            o.put("connectionStatus", "unknown (" + e.getMessage() + ")");
        }
        try {
            String ip = r.externalAddress();
            o.put("externalAddress", ip);
            o.put("externalScope", Ipv4.scope(ip).name().toLowerCase(Locale.ROOT));
        } catch (HomeportException e) {
            o.put("externalAddress", null);
            o.put("externalError", e.getMessage());
        }
        return o;
    }

    private static void print(PrintWriter out, Map<String, Object> o, Upnp.DiscoveredGateway d) {
        Gateway g = d.gateway();
        out.println(g.describe() + " at " + g.host() + " (" + join(g.manufacturer(), g.modelName()) + ")");
        out.println("  description  " + g.descriptionUrl());
        out.println("  device       IGD:" + g.igdVersion() + (g.udn().isEmpty() ? "" : ", " + g.udn()));
        boolean first = true;
        for (Upnp.Service s : d.services()) {
            boolean used = s.serviceType().equals(g.serviceType()) && s.controlUrl().equals(g.controlUrl());
            out.println((first ? "  services     " : "               ") + s.serviceType() + " -> " + s.controlUrl()
                    + (used ? "  (used)" : ""));
            first = false;
        }
        String ip = o.get("externalAddress") == null ? "unknown: " + o.get("externalError")
                : o.get("externalAddress") + " (" + o.get("externalScope") + ")";
        Object up = o.get("uptimeSeconds");
        out.println("  status       " + o.get("connectionStatus") + (up == null ? "" : ", up " + uptime((Long) up)));
        out.println("  external IP  " + ip);
        out.println("  this host    " + g.localAddress());
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) return b.isEmpty() ? "unknown model" : b;
        return b.isEmpty() ? a : a + " " + b;
    }

    private static String uptime(long s) {
        return dev.homeport.core.Durations.human(s);
    }
}
