package dev.homeport.upnp;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import mockwebserver3.RecordedRequest;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * How {@link FakeIgd} checks a SOAP request before acting on it, the way miniupnpd's upnphttp.c and upnpsoap.c do,
 * and where miniupnpd is lenient, the way the UPnP Device Architecture and the IGD service specs require (which
 * stricter firmware enforces):
 * <ul>
 *   <li>a POST to the control URL (else 404), with a {@code SOAPAction} header (else HTTP 400, miniupnpd's "Bad
 *       Request") of the form {@code "serviceType#Action"} naming this service and an action it has (else 401);</li>
 *   <li>a {@code text/xml} body that parses as XML without a DTD (else 400), whose root is the SOAP 1.1
 *       {@code Envelope} holding a {@code Body} whose one child is the action element in the service's namespace,
 *       named as in the header (else 401: no such action at this service);</li>
 *   <li>exactly the action's IN arguments, unqualified, each once (else 402 Invalid Args, as miniupnpd answers a
 *       missing {@code NewExternalPort}/{@code NewProtocol}/{@code NewInternalPort}); ports 1-65535, protocol TCP or
 *       UDP, NewEnabled 0/1, a numeric lease and index (else 402; an external port of 0 is miniupnpd's 716).</li>
 * </ul>
 * WANIPConnection:1, :2 and WANPPPConnection:1 have the same arguments for these actions.
 */
final class SoapCheck {
    static final String ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    /** The IN arguments of each action the fake implements, from the WANIPConnection/WANPPPConnection specs. */
    static final Map<String, List<String>> IN_ARGS = Map.of(
            "GetExternalIPAddress", List.of(),
            "GetStatusInfo", List.of(),
            "AddPortMapping", List.of("NewRemoteHost", "NewExternalPort", "NewProtocol", "NewInternalPort", "NewInternalClient",
                    "NewEnabled", "NewPortMappingDescription", "NewLeaseDuration"),
            "DeletePortMapping", List.of("NewRemoteHost", "NewExternalPort", "NewProtocol"),
            "GetSpecificPortMappingEntry", List.of("NewRemoteHost", "NewExternalPort", "NewProtocol"),
            "GetGenericPortMappingEntry", List.of("NewPortMappingIndex"));
    private static final Set<String> PORTS = Set.of("NewExternalPort", "NewInternalPort");

    /** A request that passed: its action and its arguments by name. */
    record Call(String action, Map<String, String> args) {
    }

    /** Why a request was refused: an HTTP status (400, 404) or, when that is 0, a UPnP error code in a SOAP fault. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int httpStatus;
        final int upnpCode;

        private Refused(int httpStatus, int upnpCode, String why) {
            super(why);
            this.httpStatus = httpStatus;
            this.upnpCode = upnpCode;
        }

        static Refused http(int status, String why) {
            return new Refused(status, 0, "HTTP " + status + ": " + why);
        }

        static Refused upnp(int code, String why) {
            return new Refused(0, code, "UPnP " + code + ": " + why);
        }
    }

    private SoapCheck() {
    }

    /** Checks {@code request} as a router serving {@code serviceType} at {@code controlPath} does. */
    static Call parse(RecordedRequest request, String controlPath, String serviceType) throws Refused {
        if (!controlPath.equals(request.getUrl().encodedPath())) {
            throw Refused.http(404, "POST to " + request.getUrl().encodedPath() + ", the control URL is " + controlPath);
        }
        String header = request.getHeaders().get("SOAPAction");
        if (header == null) throw Refused.http(400, "no SOAPAction header");
        String soapAction = header.strip();
        if (soapAction.length() < 2 || !soapAction.startsWith("\"") || !soapAction.endsWith("\"")) {
            throw Refused.upnp(401, "SOAPAction must be a quoted \"serviceType#Action\", got " + header);
        }
        soapAction = soapAction.substring(1, soapAction.length() - 1);
        int hash = soapAction.indexOf('#');
        if (hash < 0) throw Refused.upnp(401, "SOAPAction without '#': " + header);
        String namespace = soapAction.substring(0, hash);
        String action = soapAction.substring(hash + 1);
        if (!namespace.equals(serviceType)) {
            throw Refused.upnp(401, "SOAPAction names service " + namespace + ", this control URL serves " + serviceType);
        }
        List<String> wanted = IN_ARGS.get(action);
        if (wanted == null) throw Refused.upnp(401, "no action " + action + " at " + serviceType);
        String contentType = request.getHeaders().get("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/xml")) {
            throw Refused.http(400, action + ": Content-Type must be text/xml, got " + contentType);
        }
        Element call = actionElement(document(request), action, serviceType);
        return new Call(action, arguments(call, action, wanted));
    }

    private static Document document(RecordedRequest request) throws Refused {
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw Refused.http(400, "the body is not well-formed XML without a DTD: " + e.getMessage() + " in "
                    + new String(body, StandardCharsets.UTF_8));
        }
    }

    private static Element actionElement(Document doc, String action, String serviceType) throws Refused {
        Element envelope = doc.getDocumentElement();
        if (!ENVELOPE_NS.equals(envelope.getNamespaceURI()) || !"Envelope".equals(envelope.getLocalName())) {
            throw Refused.upnp(401, action + ": the root is {" + envelope.getNamespaceURI() + "}" + envelope.getLocalName()
                    + ", not a SOAP 1.1 Envelope");
        }
        List<Element> parts = children(envelope);
        Element body = parts.stream().filter(e -> ENVELOPE_NS.equals(e.getNamespaceURI()) && "Body".equals(e.getLocalName()))
                .findFirst().orElseThrow(() -> Refused.upnp(401, action + ": the Envelope has no SOAP Body"));
        List<Element> calls = children(body);
        if (calls.size() != 1) throw Refused.upnp(401, action + ": the Body holds " + calls.size() + " elements, not the one action");
        Element call = calls.get(0);
        if (!action.equals(call.getLocalName()) || !serviceType.equals(call.getNamespaceURI())) {
            throw Refused.upnp(401, "the Body calls {" + call.getNamespaceURI() + "}" + call.getLocalName() + ", the SOAPAction "
                    + serviceType + "#" + action);
        }
        return call;
    }

    private static Map<String, String> arguments(Element call, String action, List<String> wanted) throws Refused {
        Map<String, String> in = new LinkedHashMap<>();
        for (Element arg : children(call)) {
            String name = arg.getLocalName();
            if (arg.getNamespaceURI() != null) throw Refused.upnp(402, action + ": argument " + name + " must be unqualified");
            if (!wanted.contains(name)) throw Refused.upnp(402, action + ": unknown argument " + name);
            if (!children(arg).isEmpty()) throw Refused.upnp(402, action + ": argument " + name + " holds elements");
            if (in.put(name, arg.getTextContent()) != null) throw Refused.upnp(402, action + ": argument " + name + " twice");
        }
        for (String name : wanted) {
            if (!in.containsKey(name)) throw Refused.upnp(402, action + ": missing argument " + name);
        }
        checkValues(action, in);
        return in;
    }

    private static void checkValues(String action, Map<String, String> in) throws Refused {
        for (String port : PORTS) {
            if (!in.containsKey(port)) continue;
            long p = number(action, port, in.get(port));
            if (p == 0 && port.equals("NewExternalPort") && action.equals("AddPortMapping")) {
                throw Refused.upnp(716, action + ": external port 0 (wildcard) is not permitted");
            }
            if (p < 1 || p > 65_535) throw Refused.upnp(402, action + ": " + port + " " + p + " is not a port");
        }
        String protocol = in.get("NewProtocol");
        if (protocol != null && !protocol.equals("TCP") && !protocol.equals("UDP")) {
            throw Refused.upnp(402, action + ": NewProtocol must be TCP or UDP, got '" + protocol + "'");
        }
        String enabled = in.get("NewEnabled");
        if (enabled != null && !enabled.equals("0") && !enabled.equals("1")) {
            throw Refused.upnp(402, action + ": NewEnabled must be 0 or 1, got '" + enabled + "'");
        }
        if (in.containsKey("NewLeaseDuration")) number(action, "NewLeaseDuration", in.get("NewLeaseDuration"));
        if (in.containsKey("NewPortMappingIndex")) number(action, "NewPortMappingIndex", in.get("NewPortMappingIndex"));
    }

    private static long number(String action, String name, String value) throws Refused {
        if (!value.matches("[0-9]{1,10}")) throw Refused.upnp(402, action + ": " + name + " must be a number, got '" + value + "'");
        return Long.parseLong(value);
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new java.util.ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) out.add(e);
        }
        return out;
    }
}
