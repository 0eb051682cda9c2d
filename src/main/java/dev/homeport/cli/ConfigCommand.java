package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.config.ConfigException;
import dev.homeport.core.Protocol;
import dev.homeport.ddns.DdnsUpdater;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code homeport config}: works with the config file. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Works with the config file (--config FILE, else ~/.config/homeport/homeport.yaml, then"
                + " /etc/homeport/homeport.yaml).",
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new UsageErrors.MissingSubcommand(spec.commandLine());
    }

    /** {@code homeport config check}: validates and shows the effective settings, secrets never shown. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validates the config file and prints the settings homeport will use, defaults filled in.",
                "Secrets are never printed: only the file or environment variable they come from.",
                "An error names the file, the line and the key, with a hint; exit code 3."},
            footerHeading = "%nExamples:%n",
            footer = {"  homeport config check",
                      "  homeport config check --config /etc/homeport/homeport.yaml --json"})
    @Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG})
    static final class Check implements Callable<Integer> {
        /** How often the installed timer or cron job runs {@code reassert}. */
        private static final long SCHEDULE_SECONDS = 300;
        private final Services services;
        private final GlobalOptions global;

        Check(Services services, GlobalOptions global) {
            this.services = services;
            this.global = global;
        }

        @Override
        public Integer call() {
            Config config;
            try {
                config = services.loadConfig(global);
                if (config.ddns().isPresent()) {
                    // Reads the secret (file or environment) as a run would, so an empty file or unset variable shows now.
                    DdnsUpdater.create(config, services.env(), services.http(), services.stateStore(global), services.clock());
                }
            } catch (ConfigException e) {
                services.output().document(invalid(e));
                throw e;
            }
            warnings(config).forEach(services.output()::warn);
            services.output().document(effective(config));
            if (!services.output().json() && !services.output().quiet()) print(services.out(), config);
            return ExitCodes.OK;
        }

        private static void print(PrintWriter out, Config c) {
            out.println(c.source() + ": ok");
            Config.RouterSettings r = c.router();
            out.println("router:");
            out.println("  via: " + r.via().name().toLowerCase(java.util.Locale.ROOT));
            out.println("  url: " + r.url().orElse("(discover)"));
            if (r.via() == Config.Via.AUTO || r.via() == Config.Via.WEB) {
                out.println("  profile: " + r.profile());
                out.println("  username: " + r.username().orElse("admin (the default)"));
                out.println("  password: " + secretSource(r.passwordFile(), r.passwordEnv()));
            }
            out.println("  lease: " + r.lease());
            out.println("forwards:" + (c.forwards().isEmpty() ? " (none)" : ""));
            for (Config.Forward f : c.forwards()) {
                out.println("  - name: " + f.name());
                out.println("    port: " + f.port());
                out.println("    external-port: " + f.externalPort());
                out.println("    protocol: " + protocol(f.protocols()));
                out.println("    to: " + f.to().orElse("(this host)"));
                out.println("    lease: " + f.lease());
            }
            if (c.ddns().isEmpty()) {
                out.println("ddns: (none)");
                return;
            }
            Config.Ddns d = c.ddns().get();
            out.println("ddns:");
            out.println("  provider: " + d.provider());
            out.println("  server: " + d.server().orElse("(provider default)"));
            if (d.insecure()) out.println("  insecure: true");
            out.println("  hostnames: [" + String.join(", ", d.hostnames()) + "]");
            out.println("  username: " + d.username().orElse("(none)"));
            out.println("  password: " + secretSource(d.passwordFile(), d.passwordEnv()));
            out.println("  ip-source: " + d.ipSource());
            d.ipUrl().ifPresent(u -> out.println("  ip-url: " + u));
            d.zone().ifPresent(z -> {
                out.println("  zone: " + z.name());
                String ttlDefault = d.provider().equals("rfc2136") ? "300" : "(as the record has it)";
                out.println("  ttl: " + z.ttl().map(String::valueOf).orElse(ttlDefault));
                if (d.provider().equals("cloudflare")) {
                    out.println("  proxied: " + z.proxied().map(String::valueOf).orElse("(as the record has it)"));
                }
            });
        }

        /** Valid but unwise settings: a lease the 5-minute schedule cannot keep alive. */
        static List<String> warnings(Config c) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < c.forwards().size(); i++) {
                Config.Forward f = c.forwards().get(i);
                long s = f.lease().seconds();
                if (s > 0 && s < SCHEDULE_SECONDS * 2) {
                    out.add("forwards[" + i + "].lease: " + f.lease() + " is less than two runs of the 5-minute schedule:"
                            + " '" + f.name() + "' may lapse between runs (use 1h or more)");
                }
            }
            return out;
        }

        private static String protocol(List<Protocol> protocols) {
            return protocols.size() == 2 ? "both" : protocols.get(0).label();
        }

        /** Where a secret comes from: never its value. */
        private static String secretSource(Optional<Path> file, Optional<String> env) {
            if (file.isPresent()) return "(from file " + file.get() + ")";
            return env.map(e -> "(from environment variable " + e + ")").orElse("(none)");
        }

        private static Map<String, Object> invalid(ConfigException e) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", e.file().toString());
            doc.put("valid", false);
            doc.put("line", e.line() > 0 ? Optional.of(e.line()) : Optional.empty());
            doc.put("key", e.key() == null || e.key().isEmpty() ? Optional.empty() : Optional.of(e.key()));
            doc.put("message", Main.oneLine(e.getMessage()));
            doc.put("hint", e.hint());
            return doc;
        }

        private static Map<String, Object> effective(Config c) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", c.source().toString());
            doc.put("valid", true);
            Config.RouterSettings r = c.router();
            Map<String, Object> router = new LinkedHashMap<>();
            router.put("via", r.via().name().toLowerCase(java.util.Locale.ROOT));
            router.put("url", r.url());
            router.put("profile", r.profile());
            router.put("username", r.username());
            router.put("password-file", r.passwordFile().map(Path::toString));
            router.put("password-env", r.passwordEnv());
            router.put("lease", r.lease().seconds());
            doc.put("router", router);
            List<Object> forwards = new ArrayList<>();
            for (Config.Forward f : c.forwards()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", f.name());
                m.put("port", f.port());
                m.put("external-port", f.externalPort());
                m.put("protocol", protocol(f.protocols()));
                m.put("to", f.to());
                m.put("lease", f.lease().seconds());
                forwards.add(m);
            }
            doc.put("forwards", forwards);
            doc.put("ddns", c.ddns().map(d -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("provider", d.provider());
                m.put("server", d.server());
                m.put("insecure", d.insecure());
                m.put("hostnames", d.hostnames());
                m.put("username", d.username());
                m.put("password-file", d.passwordFile().map(Path::toString));
                m.put("password-env", d.passwordEnv());
                m.put("ip-source", d.ipSource());
                m.put("ip-url", d.ipUrl());
                m.put("zone", d.zone().map(Config.Zone::name));
                m.put("ttl", d.zone().flatMap(Config.Zone::ttl));
                m.put("proxied", d.zone().flatMap(Config.Zone::proxied));
                return m;
            }));
            return doc;
        }
    }
}
