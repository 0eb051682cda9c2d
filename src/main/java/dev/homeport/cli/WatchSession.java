package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.config.ConfigLoader;
import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.Router;
import dev.homeport.doublenat.OuterKeeper;
import dev.homeport.ddns.DdnsUpdater;
import dev.homeport.reassert.DnsUpdater;
import dev.homeport.reassert.ManualForwards;
import dev.homeport.reassert.Plan;
import dev.homeport.reassert.Reconciler;
import dev.homeport.reassert.Report;
import dev.homeport.reassert.Step;
import dev.homeport.state.RunLock;
import dev.homeport.state.StateStore;
import dev.homeport.upnp.Gateway;
import dev.homeport.upnp.GatewayCache;
import dev.homeport.upnp.Upnp;
import dev.homeport.upnp.UpnpRouter;
import dev.homeport.watch.EventSource;
import dev.homeport.watch.PollSource;
import dev.homeport.watch.Watcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code watch} keeps true: the config (reloaded when asked or changed, the old one kept when the new one is
 * broken), one router connection reused between checks (dropped when the router announces a restart or stops
 * answering), and reassert's {@link Reconciler} run under reassert's run lock, taken only while reconciling so a
 * manual {@code reassert} still works. Prints one line per change, and a problem once until it is gone.
 */
final class WatchSession implements Watcher.Work {
    private final Services services;
    private final GlobalOptions global;
    private final boolean prune;
    private final Duration lockWait;
    private final PrintWriter out;
    private final PrintWriter err;
    private final StateStore store;
    private final Path configPath;
    private Config config;
    private Optional<DnsUpdater> dns;
    private Optional<Object> stamp;
    private Optional<Router> router = Optional.empty();
    private volatile String gatewayHost = "";
    private Map<String, Optional<String>> shown = Map.of();
    private final WatchOuter outer;
    private long checks;

    /**
     * Loads the config.
     *
     * @throws HomeportException (CONFIG, USAGE) when there is none or it is invalid: watch does not start
     */
    WatchSession(Services services, GlobalOptions global, boolean prune, Duration lockWait) {
        this.services = services;
        this.global = global;
        this.prune = prune;
        this.lockWait = lockWait;
        this.out = services.out();
        this.err = services.err();
        this.store = services.stateStore(global);
        this.config = services.loadConfigAllowingBlank(global);
        this.configPath = config.source();
        this.stamp = stamp(configPath);
        this.dns = dns(config);
        this.gatewayHost = guessGatewayHost();
        this.outer = new WatchOuter(services, store, out, () -> config.router().doubleNat(), prune);
    }

    /** Asks the outer router between checks, behind a double NAT (its announcements never reach this host). */
    EventSource outerPoll() {
        return new PollSource("outer", WatchOuter.POLL, outer::lost);
    }

    /** True for the address of the router watch works with: the sources believe only it. */
    boolean isGateway(String address) {
        return address.equals(gatewayHost);
    }

    /** The router's address as known now (from the connection, the cache, the config or the default route). */
    String gatewayHost() {
        return gatewayHost;
    }

    Config config() {
        return config;
    }

    /** The dynamic DNS updater of the current config, if it has a ddns section. */
    Optional<DnsUpdater> dns() {
        return dns;
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block's duration, never used in it
    public Watcher.Outcome reconcile(Watcher.Reason reason) {
        checks++;
        if (reason.kind() == Watcher.Reason.Kind.ANNOUNCED) dropRouter();
        // The installed example config sets nothing: as for reassert, nothing is asked of the router until it does.
        if (config.isBlank() && Reconciler.nothingToKeep(store)) return Watcher.Outcome.DONE;
        try (RunLock lock = RunLock.acquire(store, lockWait)) {
            // Dynamic DNS only, with the address from ip-url: no router to ask (the router is opened by hand).
            Optional<Router> r = dns.isPresent() && Reconciler.isDnsOnly(config, store) ? Optional.empty()
                    : Optional.of(router(reason.location()));
            Optional<Plan> plan = r.map(router -> {
                String me = thisHost(router);
                return Plan.of(config, me, new ManualForwards(store).read(me));
            });
            Report report = r.isEmpty() ? Reconciler.dnsOnly(dns.orElseThrow(), false)
                    : new Reconciler(r.get(), dns, store).run(plan.orElseThrow(), false, prune);
            // What the router announced explains the changes that follow it; a periodic check or the start needs no preface.
            if (!report.changes().isEmpty() && reason.kind() == Watcher.Reason.Kind.ANNOUNCED) out.println(reason.text());
            for (Step s : report.changes()) out.println(s.message());
            Map<String, Optional<String>> problems = new LinkedHashMap<>();
            report.problems().forEach(p -> problems.put(p.message(), p.hint()));
            List<OuterKeeper.Step> outerSteps = r.isEmpty() ? List.of() : outer.keep(r.get(), plan.orElseThrow(), problems);
            show(problems);
            int changes = report.changes().size() + (int) outerSteps.stream().filter(OuterKeeper.Step::changed).count();
            verbose(reason, changes == 0 ? (problems.isEmpty() ? "in sync" : problems.size() + " problem(s)") : changes + " change(s)");
            boolean failed = report.steps().stream().anyMatch(s -> s.action() == Step.Action.FAILED
                    || s.action() == Step.Action.DNS_FAILED)
                    || outerSteps.stream().anyMatch(s -> s.action() == OuterKeeper.Action.FAILED);
            return failed ? Watcher.Outcome.FAILED : Watcher.Outcome.DONE;
        } catch (HomeportException e) {
            if (e.kind() == Kind.LOCKED) {
                // A manual reassert is running: it does the same work; try again soon.
                verbose(reason, "skipped: another homeport run holds the lock");
                return Watcher.Outcome.FAILED;
            }
            dropRouter();
            show(Map.of(e.getMessage(), e.hint()));
            verbose(reason, "failed");
            return Watcher.Outcome.FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    @Override
    public boolean reload(boolean force) {
        Optional<Object> now = stamp(configPath);
        if (!force && now.equals(stamp)) return false;
        stamp = now;
        Config fresh;
        try {
            fresh = ConfigLoader.loadAllowingBlank(configPath);
        } catch (HomeportException e) {
            err.println("error: " + Main.oneLine(e.getMessage()) + "; keeping the config loaded before");
            e.hint().ifPresent(h -> err.println("hint: " + Main.oneLine(h)));
            err.flush();
            return false;
        }
        if (fresh.equals(config) && !force) return false;
        if (!fresh.router().equals(config.router())) dropRouter();
        config = fresh;
        dns = dns(fresh);
        out.println("config reloaded from " + configPath + ": " + fresh.forwards().size() + " forward(s)"
                + (fresh.ddns().isPresent() ? ", dynamic DNS" : ""));
        out.flush();
        return true;
    }

    /** Forgets the router connection (and the outer router found through it): the next check connects again. */
    private void dropRouter() {
        router = Optional.empty();
        outer.forget();
    }

    /** Prints the problems not shown at the previous check; says so once when all are gone. */
    private void show(Map<String, Optional<String>> problems) {
        for (Map.Entry<String, Optional<String>> p : problems.entrySet()) {
            if (shown.containsKey(p.getKey())) continue;
            err.println("error: " + Main.oneLine(p.getKey()));
            p.getValue().ifPresent(h -> err.println("hint: " + Main.oneLine(h)));
        }
        if (problems.isEmpty() && !shown.isEmpty()) out.println("ok again: the router and DNS match the config");
        shown = Map.copyOf(problems);
    }

    private void verbose(Watcher.Reason reason, String result) {
        if (global.verbosity() > 0) out.println("check " + checks + " (" + reason.text() + "): " + result);
    }

    private Router router(Optional<String> announced) {
        if (router.isPresent()) return router.get();
        Router r;
        if (announced.isPresent() && config.router().url().isEmpty() && config.router().via() != Config.Via.WEB) {
            // The router said where its description is now: no discovery, no failed request to the old port.
            Upnp upnp = new Upnp(services.lanHttp(), services.network());
            Gateway g = upnp.connect(announced.get()).gateway();
            Upnp.remember(new GatewayCache(store), g);
            r = upnp.router(g);
        } else {
            r = new RouterConnector(services, global).connect(new RouterOptions(), config.router());
        }
        router = Optional.of(r);
        hostOf(r).ifPresent(h -> gatewayHost = h);
        return r;
    }

    /** This host's address towards the router, asked of the kernel at every check so a new DHCP lease is followed. */
    private String thisHost(Router r) {
        String target = hostOf(r).or(() -> services.network().defaultGateway()).orElseThrow(() -> new HomeportException(
                Kind.NO_ROUTER, "this host has no IPv4 default gateway, so there is no router to ask",
                "connect to the LAN, or set 'url:' in the router section of the config"));
        try {
            return services.network().sourceAddressFor(target);
        } catch (UncheckedIOException e) {
            throw new HomeportException(Kind.NO_ROUTER, "no route from this host to the router at " + target,
                    "check the network connection and the router's address");
        }
    }

    private Optional<String> hostOf(Router r) {
        Router active = r instanceof FallbackRouter f ? f.active() : r;
        if (active instanceof UpnpRouter u) return Optional.of(u.gateway().host());
        return config.router().url().flatMap(u -> Optional.ofNullable(okhttp3.HttpUrl.parse(u))).map(okhttp3.HttpUrl::host);
    }

    private String guessGatewayHost() {
        return new GatewayCache(store).read().map(Gateway::host)
                .or(() -> config.router().url().flatMap(u -> Optional.ofNullable(okhttp3.HttpUrl.parse(u))).map(okhttp3.HttpUrl::host))
                .or(() -> services.network().defaultGateway()).orElse("");
    }

    private Optional<DnsUpdater> dns(Config c) {
        // As reassert: this host's stable IPv6 address too, so the AAAA record is kept (and, behind CGNAT, registered).
        return c.ddns().map(d -> new DdnsAdapter(DdnsUpdater.create(c, services.env(), services.http(), store, services.clock(),
                services.ipv6()::stableGlobal), d, services.http()));
    }

    /** What changes when the file is edited or replaced: inode, size, modification time. */
    private static Optional<Object> stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(Objects.hash(a.fileKey(), a.size(), a.lastModifiedTime()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
