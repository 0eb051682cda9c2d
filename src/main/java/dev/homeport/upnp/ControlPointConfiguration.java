package dev.homeport.upnp;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.jupnp.DefaultUpnpServiceConfiguration;
import org.jupnp.transport.impl.NetworkAddressFactoryImpl;
import org.jupnp.transport.spi.DatagramProcessor;
import org.jupnp.transport.spi.InitializationException;
import org.jupnp.transport.spi.MulticastReceiver;
import org.jupnp.transport.spi.NetworkAddressFactory;
import org.jupnp.transport.spi.StreamClient;
import org.jupnp.transport.spi.StreamServer;

/**
 * jUPnP as a pure control point: no HTTP server and no multicast listener (no GENA, no listening port beyond the
 * ephemeral UDP socket search answers come back to), OkHttp as the HTTP client, SSDP answers filtered by
 * {@link SsdpGuard}, daemon threads so a stuck shutdown can never keep the JVM alive.
 */
final class ControlPointConfiguration extends DefaultUpnpServiceConfiguration {
    private final OkHttpClient http;
    private final SsdpGuard guard;
    private final GuardedDatagramProcessor datagramProcessor;
    private final Optional<String> interfaceName;

    /** @param interfaceName the interface to search on (the one towards the default gateway), or all usable ones */
    ControlPointConfiguration(OkHttpClient http, SsdpGuard guard, Optional<String> interfaceName) {
        super(0, 0);
        this.http = http;
        this.guard = guard;
        this.datagramProcessor = new GuardedDatagramProcessor(guard);
        this.interfaceName = interfaceName;
    }

    @Override
    protected ExecutorService createDefaultExecutorService() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "upnp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(16, 64, 5, TimeUnit.SECONDS, new ArrayBlockingQueue<>(512), daemons,
                new ThreadPoolExecutor.DiscardPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public DatagramProcessor getDatagramProcessor() {
        return datagramProcessor;
    }

    @Override
    public StreamClient<?> createStreamClient() {
        return new OkHttpStreamClient(new OkHttpStreamClient.Configuration(getSyncProtocolExecutorService(), 3), http, guard);
    }

    @Override
    public StreamServer<?> createStreamServer(NetworkAddressFactory networkAddressFactory) {
        return null;
    }

    @Override
    public MulticastReceiver<?> createMulticastReceiver(NetworkAddressFactory networkAddressFactory) {
        return null;
    }

    @Override
    protected NetworkAddressFactory createNetworkAddressFactory(int streamListenPort, int multicastResponsePort) {
        if (interfaceName.isEmpty()) return super.createNetworkAddressFactory(streamListenPort, multicastResponsePort);
        try {
            return new NetworkAddressFactoryImpl(streamListenPort, multicastResponsePort, interfaceName.get());
        } catch (InitializationException e) {
            return super.createNetworkAddressFactory(streamListenPort, multicastResponsePort);
        }
    }
}
