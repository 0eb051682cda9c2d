package dev.homeport.cli;

import dev.homeport.net.LocalNetwork;
import dev.homeport.watch.AnnounceSource;
import dev.homeport.watch.Event;
import dev.homeport.watch.EventSource;
import dev.homeport.watch.Mailbox;
import dev.homeport.watch.SsdpSource;
import dev.homeport.watch.Watcher;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code homeport watch}: reassert as a resident process, back within seconds after a router reboot. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Keeps the router and dynamic DNS as configured, in the foreground (systemd Type=simple, or a"
                + " terminal): reconciles once, then again within seconds when the router announces a restart or a new"
                + " address (SSDP NOTIFY, NAT-PMP/PCP announcements), and checks every --interval in between (behind a double"
                + " NAT, the outer router is also asked every 15 s whether it still holds its mappings). A changed"
                + " config file or SIGHUP reloads the config (a broken one is reported and the old one kept); SIGTERM stops"
                + " after the current step, with exit code 0.",
            "Prints one line per change, nothing when all is well; a problem once, on stderr, until it is fixed. Shares"
                + " reassert's run lock, taken only while reconciling."},
        footerHeading = "%nExamples:%n",
        footer = {"  homeport watch                  in a terminal; Ctrl-C stops it",
                  "  homeport watch --interval 300   check every 5 minutes between announcements",
                  "  systemctl enable --now homeport-watch.service   instead of homeport-reassert.timer"})
@Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.NO_ROUTER, ExitCodes.IO})
final class WatchCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds between periodic checks (default: 60; 10 or more).")
    long interval;

    /** For scripts/bench only (documented in docs/watch.md): checks as often as this. */
    @Option(names = "--debug-interval-ms", hidden = true, paramLabel = "MS")
    Optional<Long> debugIntervalMillis;

    @Option(names = "--no-listen", description = "Do not listen for the router's announcements: check on the interval only.")
    boolean noListen;

    @Option(names = "--no-prune", description = "Keep homeport's mappings to this host that are no longer in the config.")
    boolean noPrune;

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long a check waits for a manual run to finish before trying again later (default: 30).")
    int lockWait;

    WatchCommand(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    @Override
    public Integer call() {
        Duration every = every();
        if (lockWait < 0) throw Inputs.usage(Inputs.mustBe("--lock-wait", lockWait + "", "0 or more (seconds)"));
        WatchSession session = new WatchSession(services, global, !noPrune, Duration.ofSeconds(lockWait));
        Mailbox mailbox = Mailbox.system();
        Signals.install(mailbox);
        List<EventSource> sources = noListen ? List.of() : listen(session, mailbox);
        try {
            new Watcher(session, mailbox, Watcher.Timing.of(every)).run();
        } finally {
            sources.forEach(EventSource::close);
        }
        if (!global.quiet()) services.out().println("watch: stopped");
        return ExitCodes.OK;
    }

    private Duration every() {
        if (debugIntervalMillis.isPresent()) {
            long ms = debugIntervalMillis.get();
            if (ms < 1) throw Inputs.usage(Inputs.mustBe("--debug-interval-ms", ms + "", "1 or more"));
            return Duration.ofMillis(ms);
        }
        if (interval < 10 || interval > 86_400) {
            throw Inputs.usage(Inputs.mustBe("--interval", interval + "", "from 10 to 86400 (seconds)"));
        }
        return Duration.ofSeconds(interval);
    }

    private List<EventSource> listen(WatchSession session, Mailbox mailbox) {
        Optional<String> nic = interfaceTowards(session.gatewayHost());
        List<EventSource> started = new ArrayList<>();
        for (EventSource s : List.of(new SsdpSource(session::isGateway, nic), new AnnounceSource(session::isGateway, nic),
                session.outerPoll())) {
            try {
                s.start(mailbox::post);
                started.add(s);
            } catch (UncheckedIOException e) {
                services.err().println("warning: not listening for the router's " + s.name() + " announcements: "
                        + Main.oneLine(e.getMessage()) + "; checking every " + every().toSeconds() + " s only");
            }
        }
        return started;
    }

    /** The interface holding this host's address towards the router: the multicast groups are joined there. */
    private Optional<String> interfaceTowards(String host) {
        if (host.isEmpty()) return Optional.empty();
        try {
            String source = services.network().sourceAddressFor(host);
            return services.network().subnets().stream().filter(s -> s.address().equals(source))
                    .map(LocalNetwork.Subnet::interfaceName).findFirst();
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM and SIGINT stop after the current step (exit 0, not the JVM's 143); SIGHUP reloads the config. */
    static final class Signals {
        private Signals() {
        }

        @SuppressWarnings("removal")
        static void install(Mailbox mailbox) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> mailbox.post(new Event.Stop()));
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> mailbox.post(new Event.Stop()));
                sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> mailbox.post(new Event.Reload()));
            } catch (IllegalArgumentException e) {
                // A JVM started with -Xrs, or a platform without these signals: the defaults apply.
            }
        }
    }
}
