package dev.homeport.upnp;

import dev.homeport.guard.TerminalText;
import dev.homeport.net.Ipv4;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A usable Internet Gateway Device: where its description lives and the one WAN connection service homeport
 * talks to. Cached between runs (state name {@code gateway}) so a warm run needs no discovery at all.
 *
 * @param descriptionUrl where the root device description was fetched ({@code http://192.0.2.1:5000/rootDesc.xml})
 * @param controlUrl     the SOAP control URL of the WAN connection service, on the same host
 * @param serviceType    e.g. {@code urn:schemas-upnp-org:service:WANIPConnection:2}
 * @param igdVersion     1 or 2 (from the root device type)
 * @param friendlyName   the router's name for itself ("Lab Router"); may be empty
 * @param manufacturer   may be empty
 * @param modelName      may be empty
 * @param udn            the root device's unique name ({@code uuid:...}); may be empty
 * @param localAddress   this host's address on the interface that reaches the router
 * @param server         the {@code Server} header the description came with ({@code Debian/12 UPnP/1.1 MiniUPnPd/2.3.1});
 *                       may be empty
 */
public record Gateway(String descriptionUrl, String controlUrl, String serviceType, int igdVersion, String friendlyName,
                      String manufacturer, String modelName, String udn, String localAddress, String server) {

    private static final Pattern SERVICE =
            Pattern.compile("urn:schemas-upnp-org:service:(WANIPConnection|WANPPPConnection):([1-9][0-9]?)");

    public Gateway {
        checkHttp("descriptionUrl", descriptionUrl);
        checkHttp("controlUrl", controlUrl);
        if (!host(controlUrl).equals(host(descriptionUrl))) {
            throw new IllegalArgumentException("controlUrl (" + controlUrl + ") must be on the description's host "
                    + host(descriptionUrl));
        }
        Objects.requireNonNull(serviceType, "serviceType");
        if (!SERVICE.matcher(serviceType).matches()) {
            throw new IllegalArgumentException("serviceType (" + serviceType + ") must be a WANIPConnection or WANPPPConnection");
        }
        if (igdVersion < 1 || igdVersion > 9) {
            throw new IllegalArgumentException("igdVersion (" + igdVersion + ") must be 1..9");
        }
        friendlyName = shown(friendlyName);
        manufacturer = shown(manufacturer);
        modelName = shown(modelName);
        udn = shown(udn);
        server = shown(server);
        if (!Ipv4.isValid(localAddress)) {
            throw new IllegalArgumentException("localAddress (" + localAddress + ") must be an IPv4 address");
        }
    }

    /**
     * A name the device chose, as homeport may print it: one line (a line break in a device name could start a fake
     * {@code error:} line), control characters visible, at most 128 characters.
     */
    private static String shown(String text) {
        if (text == null) return "";
        String s = TerminalText.oneLine(text.strip());
        return s.length() > 128 ? s.substring(0, 128) + "..." : s;
    }

    /** The router's address (the host of its description URL). */
    public String host() {
        return host(descriptionUrl);
    }

    /** {@code WANIPConnection} or {@code WANPPPConnection}. */
    public String serviceName() {
        Matcher m = SERVICE.matcher(serviceType);
        return m.matches() ? m.group(1) : serviceType;
    }

    /** What the user reads: {@code UPnP IGD:2 on Lab Router}. */
    public String describe() {
        String name = !friendlyName.isEmpty() ? friendlyName : !modelName.isEmpty() ? modelName : host();
        return "UPnP IGD:" + igdVersion + " on " + name;
    }

    /** The same gateway reached from another local address (this host's address changed since it was cached). */
    public Gateway withLocalAddress(String address) {
        return new Gateway(descriptionUrl, controlUrl, serviceType, igdVersion, friendlyName, manufacturer, modelName, udn, address,
                server);
    }

    /**
     * Whether the router refuses every IPv6 pinhole below port 1024 over UPnP, whatever its configuration: miniupnpd
     * (its {@code Server} header names it) has answered such an {@code AddPinhole} with 606 since its first release (its
     * {@code PinholeVerification}), as IGD:2 recommends for clients it cannot authenticate. A device that only claims to
     * be miniupnpd changes nothing but the order homeport asks in.
     */
    public boolean refusesLowPortPinholes() {
        return server.toLowerCase(Locale.ROOT).contains("miniupnpd/");
    }

    /** The cache form; {@link #fromMap} reads it back. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("descriptionUrl", descriptionUrl);
        m.put("controlUrl", controlUrl);
        m.put("serviceType", serviceType);
        m.put("igdVersion", Integer.toString(igdVersion));
        m.put("friendlyName", friendlyName);
        m.put("manufacturer", manufacturer);
        m.put("modelName", modelName);
        m.put("udn", udn);
        m.put("localAddress", localAddress);
        m.put("server", server);
        return m;
    }

    /**
     * Reads the cache form.
     *
     * @throws IllegalArgumentException when a key is missing or a value invalid (treat the cache as absent)
     */
    public static Gateway fromMap(Map<String, String> m) {
        try {
            return new Gateway(need(m, "descriptionUrl"), need(m, "controlUrl"), need(m, "serviceType"),
                    Integer.parseInt(need(m, "igdVersion")), m.get("friendlyName"), m.get("manufacturer"), m.get("modelName"),
                    m.get("udn"), need(m, "localAddress"), m.get("server"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("igdVersion (" + m.get("igdVersion") + ") is not a number", e);
        }
    }

    private static String need(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("gateway cache lacks " + key);
        return v;
    }

    static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            if (h == null) throw new IllegalArgumentException("URL (" + url + ") has no host");
            return h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("URL (" + url + ") is not valid: " + e.getMessage(), e);
        }
    }

    private static void checkHttp(String name, String url) {
        Objects.requireNonNull(url, name);
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " (" + url + ") is not a valid URL", e);
        }
        if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException(name + " (" + url + ") must be an http:// URL with a host");
        }
    }
}
