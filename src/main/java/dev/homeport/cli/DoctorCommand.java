package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.core.Protocol;
import dev.homeport.ddns.DdnsUpdater;
import dev.homeport.doctor.DdnsStatusSource;
import dev.homeport.doctor.Doctor;
import dev.homeport.doctor.Probes;
import dev.homeport.doctor.Ipv6Probe;
import dev.homeport.doctor.Report;
import dev.homeport.doctor.Request;
import dev.homeport.doctor.RouterSource;
import dev.homeport.doctor.Status;
import dev.homeport.doctor.Check;
import dev.homeport.pcp.PortControl;
import dev.homeport.doctor.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homeport doctor}: says why the site is still unreachable from the internet, first cause first. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks, in order, what stands between the internet and the server on this host: the local server"
                + " (listening on the LAN address, not only 127.0.0.1), the local firewall, the router (which path answers,"
                + " the mapping, its lease), the router's WAN address (public, or double NAT / carrier-grade NAT), DNS"
                + " (the hostname points at that address; dynamic DNS latched, held or propagating) and hairpin.",
            "Prints one line per check with the evidence and the fix; the first 'problem' line is the cause to fix first.",
            "Without --port it checks every forward and ddns hostname of the config file."},
        footerHeading = "%nExamples:%n",
        footer = {"  homeport doctor --port 888",
                  "  homeport doctor --port 888 --hostname savvypetesblog.is-lost.org",
                  "  homeport doctor --json | jq -r '.firstProblem.fix'"})
@Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.NO_ROUTER, ExitCodes.UNREACHABLE})
final class DoctorCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;
    private final Seams seams;

    @Mixin
    RouterOptions router;

    @Option(names = "--port", paramLabel = "PORT",
            description = "The server's port (TCP) to check; default: every forward of the config file.")
    Integer port;

    @Option(names = "--hostname", paramLabel = "NAME", split = ",",
            description = "A hostname that should reach this server (repeatable); default: the config's ddns hostnames.")
    List<String> hostnames;

    DoctorCommand(Services services, GlobalOptions global) {
        this(services, global, new Seams() { });
    }

    DoctorCommand(Services services, GlobalOptions global, Seams seams) {
        this.services = services;
        this.global = global;
        this.seams = seams;
    }

    /** Where doctor meets the world; tests replace it with fakes. */
    interface Seams {
        default Probes probes(Services services) {
            return Probes.system(services.http(), services.network());
        }

        /** The probes; with provider rfc2136, names are asked of the zone's server itself. */
        default Probes probes(Services services, Optional<Config> config) {
            Probes p = probes(services);
            Optional<Config.Ddns> d = config.flatMap(Config::ddns).filter(x -> x.provider().equals("rfc2136"));
            return d.flatMap(Config.Ddns::server).map(p::askingServer).orElse(p);
        }

        default RouterSource router(Services services, GlobalOptions global, RouterOptions options, Config.RouterSettings settings) {
            return () -> new DoctorRouter(new RouterConnector(services, global).connect(options, settings),
                    services.network().defaultGateway().map(gw -> new PortControl(gw, services.stateStore(global), services.clock())));
        }

        default Ipv6Probe ipv6(Services services, GlobalOptions global, RouterOptions options, Config.RouterSettings settings) {
            return new DoctorIpv6(services, global, () -> new RouterConnector(services, global).connect(options, settings));
        }

        default DdnsStatusSource ddns(Services services, GlobalOptions global, Optional<Config> config) {
            if (config.flatMap(Config::ddns).isEmpty()) return DdnsStatusSource.none();
            return new DoctorDdns(() -> DdnsUpdater.create(config.get(), services.env(), services.http(),
                    services.stateStore(global), services.clock()).status());
        }
    }

    @Override
    public Integer call() {
        Optional<Config> config = services.findConfig(global);
        Request request = request(config);
        Config.RouterSettings settings = config.map(Config::router).orElseGet(Config.RouterSettings::defaults);
        RouterSource routerSource = seams.router(services, global, router, settings);
        Doctor doctor = new Doctor(seams.probes(services, config), routerSource, seams.ddns(services, global, config),
                services.clock(), seams.ipv6(services, global, router, settings));
        List<String> subjects = new ArrayList<>(request.hostnames());
        request.targets().forEach(t -> subjects.add(t.key()));
        boolean terminal = System.console() != null;
        DoctorPrinter printer = new DoctorPrinter(services.output(), DoctorPrinter.wantsColour(terminal, services.env()), subjects,
                CommandModel.columns(services.env()).orElse(terminal ? 80 : 0));
        Report report = doctor.run(request, printer::check);
        if (settings.doubleNat() && report.checks().stream().anyMatch(c -> c.name().equals("router") && c.status() == Status.OK)) {
            List<Check> all = new ArrayList<>(report.checks());
            for (Check c : new DoctorDoubleNat(services).checks(routerSource, request.targets())) {
                printer.check(c);
                all.add(c);
            }
            report = new Report(all);
        }
        int code = report.blocked() ? ExitCodes.of(HomeportException.Kind.UNREACHABLE) : ExitCodes.OK;
        printer.finish(report, code);
        return code;
    }

    private Request request(Optional<Config> config) {
        List<Target> targets = new ArrayList<>();
        List<Config.Forward> forwards = config.map(Config::forwards).orElse(List.of());
        boolean fromConfig = true;
        try {
            if (port != null) {
                checkPort(port);
                Optional<Config.Forward> same = forwards.stream().filter(f -> f.port() == port).findFirst();
                if (same.isPresent()) {
                    targets.addAll(targets(same.get()));
                } else {
                    targets.add(Target.port(port));
                    fromConfig = false;
                }
            } else {
                forwards.forEach(f -> targets.addAll(targets(f)));
            }
            if (targets.isEmpty()) {
                throw new HomeportException(HomeportException.Kind.USAGE, "nothing to check: no --port and no forwards in a config file",
                        "run 'homeport doctor --port 888' (your server's port), or add 'forwards:' to the config");
            }
            Optional<Config.Ddns> ddns = config.flatMap(Config::ddns);
            List<String> names = hostnames != null ? List.copyOf(hostnames) : ddns.map(Config.Ddns::hostnames).orElse(List.of());
            boolean ddnsConfigured = ddns.isPresent() && ddns.get().hostnames().containsAll(names);
            return new Request(targets, names, ddns.flatMap(Config.Ddns::ipUrl), fromConfig, ddnsConfigured);
        } catch (IllegalArgumentException e) {
            throw new HomeportException(HomeportException.Kind.USAGE, e.getMessage(), "see 'homeport doctor --help'");
        }
    }

    private static List<Target> targets(Config.Forward f) {
        List<Target> out = new ArrayList<>();
        for (Protocol p : f.protocols()) out.add(new Target(f.name(), f.port(), f.externalPort(), p, f.to()));
        return out;
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new HomeportException(HomeportException.Kind.USAGE, Inputs.mustBe("--port", port + "", Inputs.PORT_RANGE),
                    "give the port your server listens on, e.g. --port 888");
        }
    }
}
