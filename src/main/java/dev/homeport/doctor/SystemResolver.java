package dev.homeport.doctor;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The system resolver ({@code /etc/hosts}, {@code /etc/resolv.conf}) through {@link InetAddress}, bounded by a
 * timeout because a dead DNS server otherwise stalls for the resolver's own retries.
 */
final class SystemResolver implements Resolver {
    private final Duration timeout;

    SystemResolver(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Lookup resolve(String hostname) {
        CompletableFuture<InetAddress[]> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(InetAddress.getAllByName(hostname));
            } catch (UnknownHostException e) {
                f.complete(new InetAddress[0]);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, "doctor-resolve");
        t.setDaemon(true);
        t.start();
        try {
            InetAddress[] all = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> v4 = new ArrayList<>();
            List<String> v6 = new ArrayList<>();
            for (InetAddress a : all) {
                (a instanceof Inet4Address ? v4 : v6).add(a.getHostAddress());
            }
            return new Lookup(v4, v6, Optional.empty());
        } catch (TimeoutException e) {
            return Lookup.failed("no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Lookup.failed(String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Lookup.failed("interrupted");
        }
    }
}
