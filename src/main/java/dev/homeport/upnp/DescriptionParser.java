package dev.homeport.upnp;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses a root device description with the hardened reader of {@link SafeXml}. Tolerant of element order and
 * unknown elements, strict about structure: the document element must be {@code root} holding a {@code device}.
 */
final class DescriptionParser {
    private static final int MAX_DEPTH = 24;
    private static final int MAX_DEVICES = 64;
    private static final int MAX_SERVICES = 256;

    private DescriptionParser() {
    }

    /**
     * Parses {@code xml} fetched from {@code url}; relative URLs are resolved against {@code URLBase} when present,
     * else against {@code url}.
     *
     * @throws SafeXml.XmlRefusedException when it declares a DOCTYPE, is not well-formed, or is not a device description
     */
    static DeviceDescription parse(String url, String xml) throws SafeXml.XmlRefusedException {
        XMLStreamReader r = SafeXml.reader(xml);
        Deque<String> path = new ArrayDeque<>();
        Deque<DeviceBuilder> devices = new ArrayDeque<>();
        Map<String, String> service = null;
        DeviceBuilder root = null;
        String urlBase = null;
        StringBuilder text = new StringBuilder();
        int deviceCount = 0;
        int serviceCount = 0;
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    if (path.isEmpty() && !name.equals("root")) {
                        throw new SafeXml.XmlRefusedException("not a device description (document element <" + name + ">)");
                    }
                    path.push(name);
                    if (path.size() > MAX_DEPTH) throw new SafeXml.XmlRefusedException("description nests too deep");
                    text.setLength(0);
                    if (name.equals("device")) {
                        if (++deviceCount > MAX_DEVICES) throw new SafeXml.XmlRefusedException("description has too many devices");
                        devices.push(new DeviceBuilder());
                    } else if (name.equals("service") && !devices.isEmpty()) {
                        if (++serviceCount > MAX_SERVICES) throw new SafeXml.XmlRefusedException("description has too many services");
                        service = new HashMap<>();
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    if (text.length() < 4096) text.append(r.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = path.pop();
                    String parent = path.isEmpty() ? "" : path.peek();
                    String value = text.toString().strip();
                    text.setLength(0);
                    if (name.equals("URLBase") && parent.equals("root")) {
                        urlBase = value;
                    } else if (parent.equals("device") && !devices.isEmpty()) {
                        devices.peek().fields.putIfAbsent(name, value);
                    } else if (parent.equals("service") && service != null) {
                        service.putIfAbsent(name, value);
                    }
                    if (name.equals("service") && service != null && !devices.isEmpty()) {
                        devices.peek().services.add(service);
                        service = null;
                    } else if (name.equals("device") && !devices.isEmpty()) {
                        DeviceBuilder done = devices.pop();
                        if (devices.isEmpty()) {
                            if (root == null && parent.equals("root")) root = done;
                        } else {
                            devices.peek().children.add(done);
                        }
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new SafeXml.XmlRefusedException("malformed description: " + firstLine(e.getMessage()), e);
        }
        if (root == null) throw new SafeXml.XmlRefusedException("not a device description (no <device> under <root>)");
        String base = urlBase != null && !urlBase.isBlank() ? urlBase : url;
        return new DeviceDescription(url, root.build(base), "");
    }

    /** Resolves {@code ref} against {@code base}; an unparsable reference becomes empty (and is then unusable). */
    static String resolve(String base, String ref) {
        if (ref == null || ref.isBlank()) return "";
        try {
            return URI.create(base.strip()).resolve(ref.strip()).toString();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static final class DeviceBuilder {
        final Map<String, String> fields = new HashMap<>();
        final List<Map<String, String>> services = new ArrayList<>();
        final List<DeviceBuilder> children = new ArrayList<>();

        DeviceDescription.Device build(String base) {
            List<DeviceDescription.Service> s = new ArrayList<>();
            for (Map<String, String> m : services) {
                s.add(new DeviceDescription.Service(m.get("serviceType"), resolve(base, m.get("controlURL")),
                        resolve(base, m.get("SCPDURL"))));
            }
            List<DeviceDescription.Device> d = new ArrayList<>();
            for (DeviceBuilder c : children) d.add(c.build(base));
            return new DeviceDescription.Device(fields.get("deviceType"), fields.get("friendlyName"), fields.get("manufacturer"),
                    fields.get("modelName"), fields.get("UDN"), s, d);
        }
    }
}
