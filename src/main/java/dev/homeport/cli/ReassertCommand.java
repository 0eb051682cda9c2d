package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.core.Router;
import dev.homeport.ddns.DdnsUpdater;
import dev.homeport.reassert.DnsUpdater;
import dev.homeport.reassert.Plan;
import dev.homeport.reassert.Reconciler;
import dev.homeport.reassert.Report;
import dev.homeport.state.RunLock;
import dev.homeport.state.StateStore;
import dev.homeport.upnp.UpnpRouter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code homeport reassert}: makes the router and dynamic DNS match the config, from cron or a timer. */
@Command(name = "reassert", mixinStandardHelpOptions = true,
        description = {"Makes the router and dynamic DNS match the config, idempotently: adds missing forwards,"
                + " renews leases with less than half left, fixes homeport's own mappings that point at the wrong host,"
                + " reports ports held by someone else (touching nothing), removes homeport's mappings to this host that"
                + " left the config, then updates dynamic DNS if the router's address changed.",
            "Prints nothing when nothing changed, one line per change; -v shows every check. Problems go to stderr."},
        footerHeading = "%nExamples:%n",
        footer = {"  homeport reassert --dry-run     show what would change",
                  "  homeport reassert -q            from cron or the systemd timer: silent unless something is wrong",
                  "  homeport reassert --json        one JSON document for scripts"})
final class ReassertCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;

    @Option(names = "--dry-run", description = "Show what would change; change nothing on the router or at the DNS provider,"
            + " and record nothing (at most where the router was found is remembered).")
    boolean dryRun;

    @Option(names = "--no-prune", description = "Keep homeport's mappings to this host that are no longer in the config.")
    boolean noPrune;

    @Option(names = "--json", description = "Print one JSON document: every check and change, the result and exit code.")
    boolean json;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for another run to finish before giving up with exit code 11 (default: 5).")
    int lockWait;

    ReassertCommand(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    @Override
    public Integer call() {
        try {
            return reassert();
        } catch (HomeportException e) {
            if (json) printJsonError(e);
            throw e;
        }
    }

    @SuppressWarnings("try") // the lock is held for the block's duration, never used in it
    private int reassert() {
        if (lockWait < 0) throw new HomeportException(HomeportException.Kind.USAGE, "--lock-wait (" + lockWait + ") must be 0 or more");
        Config config = services.loadConfig(global);
        StateStore store = services.stateStore(global);
        // A dry run changes nothing, so it neither waits for nor blocks a scheduled run.
        try (RunLock lock = dryRun ? null : RunLock.acquire(store, Duration.ofSeconds(lockWait))) {
            Optional<DnsUpdater> dns = config.ddns().map(d -> new DdnsAdapter(
                    DdnsUpdater.create(config, services.env(), services.http(), store, services.clock(),
                            services.ipv6()::stableGlobal), d, services.http()));
            Router router = new RouterConnector(services, global).connect(new RouterOptions(), config.router());
            String thisHost = thisHost(router, config);
            Report report = new Reconciler(router, dns, store).run(Plan.of(config, thisHost), dryRun, !noPrune);
            int code = new ReassertPrinter(services.out(), services.err(), global.quiet(), global.verbosity() > 0, json).print(report);
            // IPv6 pinholes (not part of the report's JSON yet): renewed or restored after the IPv4 mappings.
            boolean v6Problem = !dryRun && new Ipv6Forward(services, global, json).reassert(router, config.forwards(),
                    global.verbosity() > 0);
            return code == ExitCodes.OK && v6Problem ? ExitCodes.of(HomeportException.Kind.ROUTER_REFUSED) : code;
        }
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

    private void printJsonError(HomeportException e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dryRun", dryRun);
        doc.put("result", e.kind().name().toLowerCase(Locale.ROOT));
        doc.put("exitCode", ExitCodes.of(e.kind()));
        doc.put("message", Main.oneLine(e.getMessage()));
        doc.put("hint", e.hint());
        services.out().println(Json.write(doc));
        services.out().flush();
    }
}
