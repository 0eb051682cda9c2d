package dev.homeport.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread receiving one multicast group's datagrams and handing the bounded ones to a receiver. The socket
 * shares its port (SO_REUSEADDR, set by {@link MulticastSocket}) so another SSDP or NAT-PMP listener on the host keeps
 * working. Oversized datagrams are dropped, not truncated: none of the protocols listened to sends them.
 */
final class MulticastListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MulticastListener.class);

    /** Gets each accepted datagram; runs on the listener's thread. */
    interface Receiver {
        void receive(String sender, int senderPort, byte[] data, int length);
    }

    private final String name;
    private final String group;
    private final int port;
    private final Optional<String> interfaceName;
    private final int maxDatagram;
    private MulticastSocket socket;
    private Thread thread;

    MulticastListener(String name, String group, int port, Optional<String> interfaceName, int maxDatagram) {
        this.name = name;
        this.group = group;
        this.port = port;
        this.interfaceName = interfaceName;
        this.maxDatagram = maxDatagram;
    }

    /**
     * Opens the socket, joins the group and starts the thread.
     *
     * @throws UncheckedIOException when the socket cannot be opened or the group not joined
     */
    synchronized void start(Receiver receiver) {
        try {
            MulticastSocket s = new MulticastSocket(port);
            try {
                InetAddress g = InetAddress.getByName(group);
                Optional<NetworkInterface> nic = interfaceName.isPresent()
                        ? Optional.ofNullable(NetworkInterface.getByName(interfaceName.get())) : Optional.empty();
                if (nic.isPresent()) {
                    s.joinGroup(new InetSocketAddress(g, port), nic.get());
                } else {
                    s.joinGroup(new InetSocketAddress(g, port), null);
                }
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
            socket = s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + group + ":" + port + " (" + e.getMessage() + ")", e);
        }
        MulticastSocket s = socket;
        thread = new Thread(() -> loop(s, receiver), "watch-" + name);
        thread.setDaemon(true);
        thread.start();
        LOG.debug("listening on {}:{}{}", group, port, interfaceName.map(i -> " on " + i).orElse(""));
    }

    private void loop(MulticastSocket s, Receiver receiver) {
        byte[] buf = new byte[maxDatagram + 1];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!s.isClosed()) {
            try {
                p.setLength(buf.length);
                s.receive(p);
                if (p.getLength() > maxDatagram) continue;
                receiver.receive(p.getAddress().getHostAddress(), p.getPort(), buf, p.getLength());
            } catch (SocketException e) {
                if (!s.isClosed()) LOG.warn("{} listener stopped: {}", name, e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                // One bad datagram must not end the listener.
                LOG.debug("{}: dropped a datagram: {}", name, e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (socket != null) socket.close();
    }
}
