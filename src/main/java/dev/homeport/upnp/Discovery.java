package dev.homeport.upnp;

import dev.homeport.net.LocalNetwork;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.jupnp.UpnpService;
import org.jupnp.UpnpServiceImpl;
import org.jupnp.model.message.header.UDADeviceTypeHeader;
import org.jupnp.model.meta.DeviceDetails;
import org.jupnp.model.meta.RemoteDevice;
import org.jupnp.model.meta.RemoteService;
import org.jupnp.model.types.UDADeviceType;
import org.jupnp.registry.DefaultRegistryListener;
import org.jupnp.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One discovery run. Every gateway ({@code discover}): with jUPnP, searching for IGD:1 (IGD:2 devices answer it
 * too), letting it fetch the descriptions and service descriptions through {@link OkHttpStreamClient}; jUPnP is
 * shut down before returning, within a bound. The first usable gateway, the default gateway preferred (every other
 * command): {@link SsdpDiscovery}, the same guards without jUPnP.
 */
final class Discovery {
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    /** How long to wait for the default gateway once another gateway has answered. */
    private static final long PREFER_GRACE_MILLIS = 1000;
    private static final long SHUTDOWN_MILLIS = 1500;
    /**
     * Beyond the search window, what reading descriptions ourselves may take: discovery stays within window + 1.5 s, so
     * with the default 3 s window a whole command (JVM start included) ends within 5 s however many hosts answer.
     */
    private static final long FALLBACK_MILLIS = 1500;

    private final OkHttpClient http;
    private final LocalNetwork network;
    private final Optional<SsdpSearch> early;

    /** @param early a search already sent (at the process's start), used by a first-gateway run */
    Discovery(OkHttpClient http, LocalNetwork network, Optional<SsdpSearch> early) {
        this.http = http;
        this.network = network;
        this.early = early;
    }

    /** A usable gateway and the WAN services its description lists. */
    record Found(Gateway gateway, List<DeviceDescription.Service> wanServices) {
        Found {
            wanServices = List.copyOf(wanServices);
        }
    }

    /** What a run found, the default gateway first, and what it refused. */
    record Result(List<Found> found, List<String> refusals) {
        Result {
            found = List.copyOf(found);
            refusals = List.copyOf(refusals);
        }
    }

    /**
     * Searches for up to {@code timeout}.
     *
     * @param all false: return at the first usable gateway; true: collect every gateway until the timeout
     */
    Result run(Duration timeout, boolean all) {
        // The first gateway (forward, list, reassert) needs no jUPnP: one M-SEARCH and one description (SsdpDiscovery).
        if (!all) return new SsdpDiscovery(http, network).run(timeout, early);
        Optional<String> preferred = network.defaultGateway();
        SsdpGuard guard = new SsdpGuard(network::isOnLocalSubnet);
        ControlPointConfiguration cfg = new ControlPointConfiguration(http, guard, interfaceTowards(preferred));
        UpnpService upnp = new UpnpServiceImpl(cfg);
        BlockingQueue<RemoteDevice> added = new LinkedBlockingQueue<>();
        Map<String, Found> found = new LinkedHashMap<>();
        long start = System.nanoTime();
        try {
            upnp.startup();
            upnp.getRegistry().addListener(new DefaultRegistryListener() {
                @Override
                public void remoteDeviceAdded(Registry registry, RemoteDevice device) {
                    added.add(device);
                }
            });
            added.addAll(upnp.getRegistry().getRemoteDevices());
            upnp.getControlPoint().search(new UDADeviceTypeHeader(new UDADeviceType("InternetGatewayDevice", 1)), 1);
            LOG.debug("jUPnP started and searching after {} ms", millisSince(start));
            // The window is for the router to answer: it starts once the search is out, so a slow JVM start on a
            // loaded Pi does not eat into it.
            long deadline = System.nanoTime() + timeout.toNanos();
            long graceEnd = Long.MAX_VALUE;
            while (true) {
                long wait = Math.min(deadline, graceEnd) - System.nanoTime();
                if (wait <= 0) break;
                RemoteDevice d = added.poll(wait, TimeUnit.NANOSECONDS);
                if (d == null) continue;
                LOG.debug("{} described after {} ms", d.getIdentity().getDescriptorURL(), millisSince(start));
                toFound(d).ifPresent(f -> found.putIfAbsent(f.gateway().descriptionUrl(), f));
                if (all || found.isEmpty()) continue;
                if (preferred.isEmpty() || found.values().stream().anyMatch(f -> f.gateway().host().equals(preferred.get()))) break;
                graceEnd = Math.min(graceEnd, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PREFER_GRACE_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            long stopping = System.nanoTime();
            shutdown(upnp);
            LOG.debug("jUPnP shut down in {} ms", millisSince(stopping));
        }
        if (found.isEmpty()) fallback(guard, found, preferred, start + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(FALLBACK_MILLIS));
        LOG.debug("discovery took {} ms, found {}", millisSince(start), found.keySet());
        return new Result(preferredFirst(found.values(), preferred), guard.refusals());
    }

    /**
     * The gateways found, the one at {@code preferred} (the default gateway) first, the others in the order found. Split
     * by address, not by {@link Found#equals}: a record's equals costs a cold run its method-handle bootstrap.
     */
    static List<Found> preferredFirst(java.util.Collection<Found> found, Optional<String> preferred) {
        List<Found> ordered = new ArrayList<>();
        List<Found> others = new ArrayList<>();
        for (Found f : found) (preferred.isPresent() && f.gateway().host().equals(preferred.get()) ? ordered : others).add(f);
        ordered.addAll(others);
        return ordered;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /**
     * jUPnP could not describe a believed IGD (strict about SCPDs, or its threads held by slow answers): read the
     * descriptions ourselves, the default gateway's first, within what is left of the discovery budget, stopping at
     * the first usable one. LOCATIONs left unread are reported as cut short.
     */
    private void fallback(SsdpGuard guard, Map<String, Found> found, Optional<String> preferred, long deadline) {
        List<String> locations = new ArrayList<>(guard.locations());
        locations.sort(java.util.Comparator.comparing(l -> preferred.map(p -> !Gateway.host(l).equals(p)).orElse(false)));
        for (int i = 0; i < locations.size(); i++) {
            String location = locations.get(i);
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left < 100 || !found.isEmpty()) {
                if (found.isEmpty()) guard.refused("discovery budget spent: " + (locations.size() - i) + " description(s) not read");
                return;
            }
            try {
                DeviceDescription d = new DescriptionFetcher(http, Duration.ofMillis(left)).fetch(location);
                GatewaySelector.Choice c = GatewaySelector.choose(d, network.sourceAddressFor(Gateway.host(location)));
                c.gateway().ifPresent(g -> found.putIfAbsent(location, new Found(g, c.wanServices())));
                if (c.gateway().isEmpty()) guard.refused(location + ": " + c.reason());
            } catch (UpnpException | UncheckedIOException | IllegalArgumentException e) {
                guard.refused(location + ": " + e.getMessage());
            }
        }
    }

    private Optional<Found> toFound(RemoteDevice d) {
        try {
            String url = d.getIdentity().getDescriptorURL().toString();
            InetAddress local = d.getIdentity().getDiscoveredOnLocalAddress();
            String localAddress = local != null && local.getAddress().length == 4 ? local.getHostAddress()
                    : network.sourceAddressFor(Gateway.host(url));
            GatewaySelector.Choice c = GatewaySelector.choose(new DeviceDescription(url, convert(d), ""), localAddress);
            if (c.gateway().isEmpty()) LOG.debug("{} is not usable: {}", url, c.reason());
            return c.gateway().map(g -> new Found(g, c.wanServices()));
        } catch (RuntimeException e) {
            LOG.debug("skipping device {}: {}", d, e.toString());
            return Optional.empty();
        }
    }

    static DeviceDescription.Device convert(RemoteDevice d) {
        List<DeviceDescription.Service> services = new ArrayList<>();
        for (RemoteService s : d.getServices()) {
            services.add(new DeviceDescription.Service(s.getServiceType().toString(), url(d, s.getControlURI()),
                    url(d, s.getDescriptorURI())));
        }
        List<DeviceDescription.Device> children = new ArrayList<>();
        for (RemoteDevice c : d.getEmbeddedDevices()) children.add(convert(c));
        DeviceDetails details = d.getDetails();
        String manufacturer = details != null && details.getManufacturerDetails() != null
                ? details.getManufacturerDetails().getManufacturer() : "";
        String model = details != null && details.getModelDetails() != null ? details.getModelDetails().getModelName() : "";
        return new DeviceDescription.Device(d.getType().toString(), details == null ? "" : details.getFriendlyName(), manufacturer,
                model, d.getIdentity().getUdn().toString(), services, children);
    }

    private static String url(RemoteDevice d, java.net.URI uri) {
        if (uri == null) return "";
        try {
            return d.normalizeURI(uri).toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The interface holding this host's address towards the default gateway: search there only. */
    private Optional<String> interfaceTowards(Optional<String> gateway) {
        if (gateway.isEmpty()) return Optional.empty();
        try {
            String source = network.sourceAddressFor(gateway.get());
            return network.subnets().stream().filter(s -> s.address().equals(source)).map(LocalNetwork.Subnet::interfaceName)
                    .findFirst();
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static void shutdown(UpnpService upnp) {
        Thread t = new Thread(() -> {
            try {
                upnp.shutdown();
            } catch (RuntimeException e) {
                LOG.debug("jUPnP shutdown: {}", e.toString());
            }
        }, "upnp-shutdown");
        t.setDaemon(true);
        t.start();
        try {
            t.join(SHUTDOWN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) LOG.debug("jUPnP did not shut down within {} ms; its threads are daemons", SHUTDOWN_MILLIS);
    }
}
