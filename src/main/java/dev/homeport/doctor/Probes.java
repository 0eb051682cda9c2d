package dev.homeport.doctor;

import dev.homeport.net.LocalNetwork;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Everything the checks ask the world, one seam each; tests pass fakes.
 *
 * @param sockets  listening sockets
 * @param firewall the local packet filter's rules
 * @param resolver the system resolver
 * @param web      plain HTTP GETs
 * @param lan      this host's gateway and LAN address
 */
public record Probes(Sockets sockets, Firewall firewall, Resolver resolver, Web web, Lan lan) {

    public Probes {
        Objects.requireNonNull(sockets, "sockets");
        Objects.requireNonNull(firewall, "firewall");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(lan, "lan");
    }

    /** The real thing: {@code /proc/net}, the firewall tools, the system resolver, the shared HTTP client. */
    public static Probes system(OkHttpClient http, LocalNetwork network) {
        return new Probes(new ProcNetSockets(Path.of("/proc/net"), ByteOrder.nativeOrder()),
                new SystemFirewall(SystemFirewall.DIRS, Duration.ofSeconds(5)),
                new SystemResolver(Duration.ofSeconds(5)),
                new OkHttpWeb(http),
                new SystemLan(network));
    }

    /**
     * The same probes, but names are asked of {@code server} (host[:port]) directly: the zone's own server, when the
     * config names it (provider rfc2136).
     */
    public Probes askingServer(String server) {
        return new Probes(sockets, firewall, new ServerResolver(server, Duration.ofSeconds(5)), web, lan);
    }
}
