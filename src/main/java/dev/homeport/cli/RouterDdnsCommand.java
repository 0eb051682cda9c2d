package dev.homeport.cli;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.webadmin.WebAdmin;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homeport router-ddns}: fill in the router's own Dynamic DNS page. */
@Command(name = "router-ddns", mixinStandardHelpOptions = true,
        description = "Set up the router's own dynamic DNS client through its web admin: tick 'Use a Dynamic DNS Service',"
                + " pick the provider, enter host name, user and password, Apply. The router then keeps the name updated.",
        footerHeading = "%nExamples:%n",
        footer = {"  homeport router-ddns --via web --router http://192.168.0.1 --password-file ~/.router-pw \\",
                  "      --hostname savvypete.is-lost.org --ddns-user pete --ddns-password-file ~/.dyndns-pw"})
@Exits({ExitCodes.OK, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.NO_ROUTER, ExitCodes.ROUTER_REFUSED,
        ExitCodes.WEB_ADMIN, ExitCodes.IO})
final class RouterDdnsCommand implements Callable<Integer> {
    private final Services services;
    private final GlobalOptions global;

    @Mixin
    RouterOptions router;

    @Option(names = "--provider", paramLabel = "NAME", defaultValue = "dyndns",
            description = "The router's provider entry: dyndns (default, www.DynDNS.org) or noip.")
    String provider;

    @Option(names = "--hostname", required = true, paramLabel = "HOST", description = "The host name to keep updated.")
    String hostname;

    @Option(names = "--ddns-user", required = true, paramLabel = "NAME", description = "Your account at the DNS provider.")
    String ddnsUser;

    @Option(names = "--ddns-password-file", required = true, paramLabel = "FILE",
            description = "File holding the DNS provider password (chmod 600).")
    Path ddnsPasswordFile;

    RouterDdnsCommand(Services services, GlobalOptions global) {
        this.services = services;
        this.global = global;
    }

    @Override
    public Integer call() {
        String host = hostname.strip().toLowerCase(Locale.ROOT);
        if (!host.matches("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new HomeportException(Kind.USAGE, "--hostname '" + hostname + "' is not a fully qualified host name",
                    "write the whole name, like savvypete.is-lost.org");
        }
        if (router.via().filter(v -> v == Config.Via.UPNP || v == Config.Via.PCP || v == Config.Via.NATPMP).isPresent()) {
            throw new HomeportException(Kind.USAGE, "router-ddns works through the web admin only (--via web)",
                    "UPnP, PCP and NAT-PMP have no dynamic DNS settings");
        }
        String secret = Inputs.secretFile("--ddns-password-file", ddnsPasswordFile, "the provider password", Kind.USAGE, null);
        RouterConnector connector = new RouterConnector(services, global);
        Config.RouterSettings settings = connector.settings();
        WebAdminConnector web = new WebAdminConnector(services);
        String url = web.url(router, settings);
        String done = web.webAdmin().configureDdns(web.target(url, router, settings),
                new WebAdmin.DdnsSettings(provider, host, ddnsUser, secret));
        services.output().document(new java.util.LinkedHashMap<>(java.util.Map.of("result", done)));
        services.output().report(done);
        return ExitCodes.OK;
    }
}
