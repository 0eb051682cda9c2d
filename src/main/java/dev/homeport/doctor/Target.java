package dev.homeport.doctor;

import dev.homeport.core.PortMapping;
import dev.homeport.core.Protocol;
import dev.homeport.net.Ipv4;
import java.util.Objects;
import java.util.Optional;

/**
 * One forward to diagnose: traffic to {@code externalPort/protocol} on the router should reach {@code port} on
 * {@code to} (this host when empty).
 *
 * @param name         the forward's name (from the config) or a default
 * @param port         the internal port the server listens on
 * @param externalPort the port on the router's WAN address
 * @param protocol     TCP or UDP
 * @param to           the LAN host the forward points at; empty for this host
 */
public record Target(String name, int port, int externalPort, Protocol protocol, Optional<String> to) {

    public Target {
        Objects.requireNonNull(name, "name");
        PortMapping.checkPort("port", port);
        PortMapping.checkPort("externalPort", externalPort);
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(to, "to");
        to.ifPresent(t -> {
            if (!Ipv4.isValid(t)) throw new IllegalArgumentException("to (" + t + ") must be an IPv4 address");
        });
    }

    /** A TCP forward of one port to this host. */
    public static Target port(int port) {
        return new Target("port " + port, port, port, Protocol.TCP, Optional.empty());
    }

    /** {@code 888/tcp}, or {@code 8888/tcp->888} when the ports differ. */
    public String key() {
        String k = externalPort + "/" + protocol.label();
        return port == externalPort ? k : k + "->" + port;
    }
}
