package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.core.Router;
import dev.homeport.ddns.DdnsUpdater;
import dev.homeport.reassert.DnsUpdater;
import dev.homeport.reassert.ManualForwards;
import dev.homeport.reassert.Plan;
import dev.homeport.reassert.Reconciler;
import dev.homeport.reassert.Report;
import dev.homeport.state.RunLock;
import dev.homeport.state.StateStore;
import dev.homeport.upnp.UpnpRouter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code homeport reassert}: makes the router and dynamic DNS match the config, from cron or a timer. */
@Command(name = "reassert", mixinStandardHelpOptions = true,
        description = {"Makes the router and dynamic DNS match the config, idempotently: adds missing forwards,"
                + " renews leases with less than half left, fixes homeport's own mappings that point at the wrong host,"
                + " reports ports held by someone else (touching nothing), removes the mappings it made for the config once"
                + " they leave it, then updates dynamic DNS if the router's address changed. Forwards made by hand with"
                + " 'homeport forward' are kept alive (renewed, restored after a router reboot) until 'homeport unforward'.",
            "Prints nothing when nothing changed, one line per change; -v shows every check. Problems go to stderr."},
        footerHeading = "%nExamples:%n",
        footer = {"  homeport reassert --dry-run     show what would change",
                  "  homeport reassert -q            from cron or the systemd timer: silent unless something is wrong",
                  "  homeport reassert --json        one JSON document for scripts"})
@Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.NO_ROUTER, ExitCodes.ROUTER_REFUSED,
        ExitCodes.CONFLICT, ExitCodes.NOT_OWNED, ExitCodes.WEB_ADMIN, ExitCodes.DDNS_BLOCKED, ExitCodes.DDNS_FAILED,
        ExitCodes.LOCKED, ExitCodes.IO})
final class ReassertCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;

    @Option(names = "--dry-run", description = "Show what would change; change nothing on the router or at the DNS provider,"
            + " and record nothing (at most where the router was found is remembered).")
    boolean dryRun;

    @Option(names = "--no-prune", description = "Keep the mappings reassert made for the config that are no longer in it.")
    boolean noPrune;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for another run to finish before giving up with exit code 11 (default: 5).")
    int lockWait;

    ReassertCommand(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block's duration, never used in it
    public Integer call() {
        if (lockWait < 0) throw Inputs.usage(Inputs.mustBe("--lock-wait", lockWait + "", "0 or more (seconds)"));
        Config config = services.loadConfigAllowingBlank(global);
        StateStore store = services.stateStore(global);
        // The installed example config sets nothing: a timer enabled before the user edited it must neither touch the
        // router nor say anything. Once reassert or the user made a forward, it is kept alive (and pruned) as usual.
        if (config.isBlank() && Reconciler.nothingToKeep(store)) return nothingToDo(config);
        // A dry run changes nothing, so it neither waits for nor blocks a scheduled run.
        try (RunLock lock = dryRun ? null : RunLock.acquire(store, Duration.ofSeconds(lockWait))) {
            Optional<DnsUpdater> dns = config.ddns().map(d -> new DdnsAdapter(
                    DdnsUpdater.create(config, services.env(), services.http(), store, services.clock(),
                            services.ipv6()::stableGlobal), d, services.http()));
            Output output = services.output();
            ReassertPrinter printer = new ReassertPrinter(services.out(), services.err(), global.quiet(), global.verbosity() > 0,
                    output.json(), output::document);
            // Dynamic DNS only, with the address from ip-url: no router to ask (the router is opened by hand).
            if (dns.isPresent() && Reconciler.isDnsOnly(config, store)) return printer.print(Reconciler.dnsOnly(dns.get(), dryRun));
            Router router = new RouterConnector(services, global).connect(new RouterOptions(), config.router());
            String thisHost = thisHost(router, config);
            Plan plan = Plan.of(config, thisHost, new ManualForwards(store).read(thisHost));
            Report report = new Reconciler(router, dns, store).run(plan, dryRun, !noPrune);
            int code = printer.print(report);
            // Behind a double NAT, the outer router after the inner one (docs/double-nat.md).
            Optional<UpnpRouter> inner = OuterForward.upnpOf(router);
            if (!dryRun && config.router().doubleNat() && inner.isPresent()) {
                new OuterForward(services, store).reassert(inner.get(), plan, !noPrune);
            }
            // IPv6 pinholes (not part of the report's JSON yet): renewed or restored after the IPv4 mappings.
            boolean v6Problem = !dryRun && new Ipv6Forward(services, global, output.json()).reassert(router, config.forwards(),
                    global.verbosity() > 0);
            return code == ExitCodes.OK && v6Problem ? ExitCodes.of(HomeportException.Kind.ROUTER_REFUSED) : code;
        }
    }

    private int nothingToDo(Config config) {
        if (services.output().json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dryRun", dryRun);
            doc.put("inSync", true);
            doc.put("result", "ok");
            doc.put("changes", 0);
            doc.put("steps", java.util.List.of());
            services.output().document(doc);
        } else if (global.verbosity() > 0 || (dryRun && !global.quiet())) {
            services.out().println((dryRun ? "dry run: " : "") + "nothing to do: " + config.source()
                    + " sets no forwards and no ddns yet, and no forward was made by hand");
        }
        return ExitCodes.OK;
    }

    /**
     * This host's address towards the router, asked of the kernel on every run (not taken from the gateway cache), so
     * a new DHCP address is noticed and homeport's mappings follow it.
     */
    private String thisHost(Router router, Config config) {
        Optional<String> routerHost = router instanceof UpnpRouter u ? Optional.of(u.gateway().host())
                : config.router().url().map(url -> okhttp3.HttpUrl.get(url).host());
        String target = routerHost.or(() -> services.network().defaultGateway()).orElseThrow(() -> new HomeportException(
                HomeportException.Kind.NO_ROUTER, "this host has no IPv4 default gateway, so there is no router to ask",
                "connect to the LAN, or set 'url:' in the router section of the config"));
        try {
            return services.network().sourceAddressFor(target);
        } catch (UncheckedIOException e) {
            throw new HomeportException(HomeportException.Kind.NO_ROUTER, "no route from this host to the router at " + target,
                    "check the network connection and the router's address");
        }
    }
}
