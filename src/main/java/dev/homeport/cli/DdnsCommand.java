package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.config.ConfigException;
import dev.homeport.core.HomeportException;
import dev.homeport.ddns.AddressSource;
import dev.homeport.ddns.DdnsStatus;
import dev.homeport.ddns.DdnsUpdater;
import dev.homeport.ddns.PublicAddress;
import dev.homeport.ddns.UpdateOutcome;
import dev.homeport.net.Ipv4;
import dev.homeport.state.RunLock;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code homeport ddns update|status}: keeps the dynamic-DNS hostnames pointed at the router's public address. */
@Command(name = "ddns", mixinStandardHelpOptions = true,
        description = "Dynamic DNS: keep the hostnames of the config's ddns section pointed at the router's public address.",
        subcommands = {DdnsCommand.Update.class, DdnsCommand.Status.class})
final class DdnsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new UsageErrors.MissingSubcommand(spec.commandLine());
    }

    private static DdnsUpdater updater(Services services, GlobalOptions global, Config config) {
        if (config.ddns().isEmpty()) {
            throw new ConfigException(config.source(), 0, "ddns", "no 'ddns:' section",
                    "add one (see docs/dynamic-dns.md)");
        }
        return DdnsUpdater.create(config, services.env(), services.http(), services.stateStore(global), services.clock(),
                services.ipv6()::stableGlobal);
    }

    /** {@code homeport ddns update}. */
    @Command(name = "update", mixinStandardHelpOptions = true,
            description = {"Register the public address with the provider, if it changed (or --force, or every 25 days).",
                "Obeys the provider's rules: fatal answers latch updates off until the ddns config or secret changes,",
                "911/dnserr hold updates 30 minutes, failures retry with growing pauses."},
            footerHeading = "%nExamples:%n",
            footer = {"  homeport ddns update -q          from cron: silent unless something is wrong",
                      "  homeport ddns update --dry-run   show the request that would be sent",
                      "  homeport ddns update --force     update now, also after a latch (once the cause is fixed)"})
    @Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.NO_ROUTER, ExitCodes.DDNS_BLOCKED,
            ExitCodes.DDNS_FAILED, ExitCodes.LOCKED, ExitCodes.IO})
    static final class Update implements Callable<Integer> {
        private final Services services;
        private final GlobalOptions global;

        @Mixin
        RouterOptions routerOptions;

        @Option(names = "--force", description = "Update even if the address is unchanged; clears a latch; skips the retry pause.")
        boolean force;

        @Option(names = "--dry-run", description = "Decide and print the request, send nothing, change no state.")
        boolean dryRun;

        @Option(names = "--ip", paramLabel = "ADDRESS", description = "Register this IPv4 address instead of asking the router"
                + " or ip-url.")
        String ip;

        Update(Services services, GlobalOptions global) {
            this.services = services;
            this.global = global;
        }

        @Override
        public Integer call() {
            if (ip != null && !Ipv4.isValid(ip.strip())) {
                throw new HomeportException(HomeportException.Kind.USAGE, "--ip: '" + ip + "' is not an IPv4 address",
                        "write it as a dotted quad, like 192.0.2.1");
            }
            Config config = services.loadConfig(global);
            DdnsUpdater updater = updater(services, global, config);
            Supplier<String> address = address(config, config.ddns().orElseThrow());
            UpdateOutcome outcome;
            if (dryRun) {
                outcome = updater.update(address, force, true);
            } else {
                try (RunLock lock = RunLock.acquire(services.stateStore(global), Duration.ofSeconds(30))) {
                    outcome = updater.update(address, force, false);
                }
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("result", outcome.getClass().getSimpleName().toLowerCase(Locale.ROOT));
            doc.put("message", outcome.message());
            doc.put("dryRun", dryRun);
            services.output().document(doc);
            outcome.orThrow();
            services.output().report(outcome.message());
            if (outcome instanceof UpdateOutcome.Updated u) u.warnings().forEach(services.output()::warn);
            return ExitCodes.OK;
        }

        private Supplier<String> address(Config config, Config.Ddns d) {
            if (ip != null) return () -> ip.strip();
            AddressSource router = AddressSource.routerLazily(
                    () -> new RouterConnector(services, global).connect(routerOptions, config.router()).externalAddress());
            return PublicAddress.forConfig(d, router, services.http());
        }
    }

    /** {@code homeport ddns status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the provider's last answer and when, the registered address, and what happens next.",
            footerHeading = "%nExamples:%n",
            footer = {"  homeport ddns status", "  homeport ddns status --json"})
    @Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.IO})
    static final class Status implements Callable<Integer> {
        private static final DateTimeFormatter SHOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
        private final Services services;
        private final GlobalOptions global;

        Status(Services services, GlobalOptions global) {
            this.services = services;
            this.global = global;
        }

        @Override
        public Integer call() {
            Config config = services.loadConfig(global);
            DdnsStatus s = updater(services, global, config).status();
            services.output().document(toMap(s));
            if (services.output().json()) return ExitCodes.OK;
            // The answer of a query: printed also under -q.
            PrintWriter out = services.output().stdout();
            out.println("provider     " + s.provider() + " (" + s.updateUrl() + ")");
            for (DdnsStatus.Host h : s.hosts()) {
                out.println("hostname     " + h.name() + ": " + h.ip().map(a -> a + " since " + h.acceptedAt().map(SHOW::format)
                        .orElse("?")).orElse("not registered by homeport yet"));
            }
            out.println("last answer  " + s.lastAnswer().map(a -> "'" + a + "' at " + s.lastAnswerAt().map(SHOW::format).orElse("?")
                    + s.lastIp().map(i -> " (sent " + i + ")").orElse("")).orElse("none yet"));
            out.println("next         " + s.next().text());
            s.next().clear().ifPresent(c -> out.println("to clear     " + c));
            return ExitCodes.OK;
        }

        private static Map<String, Object> toMap(DdnsStatus s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("provider", s.provider());
            m.put("updateUrl", s.updateUrl());
            List<Map<String, Object>> hosts = s.hosts().stream().map(h -> {
                Map<String, Object> hm = new LinkedHashMap<>();
                hm.put("name", h.name());
                hm.put("ip", h.ip());
                hm.put("acceptedAt", h.acceptedAt().map(Instant::toString));
                hm.put("keepAliveDue", h.keepAliveDue().map(Instant::toString));
                return hm;
            }).toList();
            m.put("hosts", hosts);
            m.put("lastAnswer", s.lastAnswer());
            m.put("lastAnswerAt", s.lastAnswerAt().map(Instant::toString));
            m.put("lastIp", s.lastIp());
            Map<String, Object> next = new LinkedHashMap<>();
            next.put("step", s.next().step().name().toLowerCase(Locale.ROOT));
            next.put("at", s.next().at().map(Instant::toString));
            next.put("text", s.next().text());
            next.put("clear", s.next().clear());
            m.put("next", next);
            return m;
        }
    }
}
