package dev.homeport.upnp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a described device is a usable Internet Gateway Device and which WAN connection service to use:
 * IGD of any version (IGD:2 devices are found through the IGD:1 search), WANIPConnection before WANPPPConnection,
 * every control and description URL on the description's own host.
 */
final class GatewaySelector {
    private static final Pattern IGD = Pattern.compile("urn:schemas-upnp-org:device:InternetGatewayDevice:([1-9][0-9]?)");
    private static final Pattern WAN =
            Pattern.compile("urn:schemas-upnp-org:service:(WANIPConnection|WANPPPConnection):([1-9][0-9]?)");

    private GatewaySelector() {
    }

    /** What was decided, with the reason when the device is not usable. */
    record Choice(Optional<Gateway> gateway, List<DeviceDescription.Service> wanServices, String reason) {
        Choice {
            wanServices = List.copyOf(wanServices);
        }
    }

    /** Chooses for a description fetched from {@code d.url()}, reached from {@code localAddress}. */
    static Choice choose(DeviceDescription d, String localAddress) {
        Matcher igd = IGD.matcher(d.root().deviceType());
        if (!igd.matches()) {
            return new Choice(Optional.empty(), List.of(), "not an Internet Gateway Device (" + d.root().deviceType() + ")");
        }
        int version = Integer.parseInt(igd.group(1));
        String host = Gateway.host(d.url());
        List<DeviceDescription.Service> wan = new ArrayList<>();
        collect(d.root(), wan);
        List<DeviceDescription.Service> usable = new ArrayList<>();
        String reason = "no WANIPConnection or WANPPPConnection service";
        for (DeviceDescription.Service s : wan) {
            if (!onHost(s.controlUrl(), host)) {
                reason = "control URL " + s.controlUrl() + " is not on " + host + " (refused)";
            } else if (!s.scpdUrl().isEmpty() && !onHost(s.scpdUrl(), host)) {
                reason = "service description URL " + s.scpdUrl() + " is not on " + host + " (refused)";
            } else {
                usable.add(s);
            }
        }
        // A comparator of ours, not Comparator.comparingInt: that one's lambda lives in the JDK, which the class-data
        // archive cannot hold, so every cold run generated its class (the JDK's bytecode writer) on the way to the first SOAP call.
        usable.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        if (usable.isEmpty()) return new Choice(Optional.empty(), wan, reason);
        DeviceDescription.Service s = usable.get(0);
        Gateway g = new Gateway(d.url(), s.controlUrl(), s.serviceType(), version, d.root().friendlyName(),
                d.root().manufacturer(), d.root().modelName(), d.root().udn(), localAddress, d.server());
        return new Choice(Optional.of(g), wan, "");
    }

    private static void collect(DeviceDescription.Device device, List<DeviceDescription.Service> out) {
        for (DeviceDescription.Service s : device.services()) {
            if (WAN.matcher(s.serviceType()).matches()) out.add(s);
        }
        for (DeviceDescription.Device child : device.devices()) collect(child, out);
    }

    /** IP before PPP (a PPP service on an IP-connected router is usually down); lower versions are no worse. */
    private static int rank(DeviceDescription.Service s) {
        Matcher m = WAN.matcher(s.serviceType());
        return m.matches() && m.group(1).equals("WANIPConnection") ? 0 : 1;
    }

    private static boolean onHost(String url, String host) {
        try {
            return url.startsWith("http://") && Gateway.host(url).equals(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
