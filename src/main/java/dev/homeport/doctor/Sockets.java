package dev.homeport.doctor;

import dev.homeport.core.Protocol;
import java.util.List;
import java.util.Objects;

/** The listening sockets of this host (in a network namespace: of that namespace). */
public interface Sockets {

    /**
     * Every socket listening for {@code protocol}.
     *
     * @throws SocketsUnavailableException when the kernel's tables cannot be read
     */
    List<Listener> listening(Protocol protocol);

    /**
     * One listening socket.
     *
     * @param address dotted quad, {@code 0.0.0.0}, or an IPv6 address such as {@code ::} or {@code ::1}; IPv4-mapped
     *                IPv6 addresses are given as the IPv4 address
     * @param port    1..65535
     */
    record Listener(String address, int port) {
        public Listener {
            Objects.requireNonNull(address, "address");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port (" + port + ") must be 0..65535");
        }

        /** True for 0.0.0.0 and ::, which accept connections on every address. */
        public boolean wildcard() {
            return address.equals("0.0.0.0") || address.equals("::");
        }

        /** True for 127.0.0.0/8 and ::1: only this host can connect. */
        public boolean loopback() {
            return address.startsWith("127.") || address.equals("::1");
        }

        /** {@code 127.0.0.1:888} or {@code [::1]:888}. */
        public String endpoint() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
        }
    }

    /** The socket tables could not be read. */
    final class SocketsUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SocketsUnavailableException(String message) {
            super(message);
        }
    }
}
