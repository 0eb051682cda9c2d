package dev.homeport.upnp;

import dev.homeport.core.HomeportException.Kind;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invokes one IGD action over SOAP. Ours rather than jUPnP's so the warm cron path (a cached {@link Gateway}) runs
 * without starting jUPnP or sending SSDP at all, and so every answer passes through the hardened reader and the
 * size and time limits.
 */
final class SoapClient {
    private static final Logger LOG = LoggerFactory.getLogger(SoapClient.class);
    private static final MediaType XML = MediaType.get("text/xml; charset=\"utf-8\"");
    private static final String ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";

    private final OkHttpClient http;
    private final String controlUrl;
    private final String serviceType;

    SoapClient(OkHttpClient http, Gateway gateway) {
        this(http, gateway.controlUrl(), gateway.serviceType());
    }

    /** A client for another service of the gateway (the IPv6 firewall control), at its own control URL. */
    SoapClient(OkHttpClient http, String controlUrl, String serviceType) {
        this.http = http.newBuilder()
                .connectTimeout(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(8))
                .callTimeout(Duration.ofSeconds(10))
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
        this.controlUrl = controlUrl;
        this.serviceType = serviceType;
    }

    /** One action argument, in the order the service description lists it (some routers insist). */
    record Arg(String name, String value) {
    }

    /**
     * Calls {@code action} and returns its output arguments by name.
     *
     * @throws UpnpException with the UPnP error code of a SOAP fault, the HTTP status of another failure, or
     *                       {@code connectionFailed} when the router cannot be reached
     */
    Map<String, String> call(String action, List<Arg> args) {
        String router = routerAddress();
        Request request = new Request.Builder()
                .url(controlUrl)
                .header("SOAPAction", "\"" + serviceType + "#" + action + "\"")
                .post(RequestBody.create(envelope(action, args), XML))
                .build();
        LOG.debug("SOAP {} -> {} {}", action, controlUrl, args);
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = SafeXml.checkedText(SafeXml.readCapped(body, SafeXml.MAX_BODY));
            LOG.debug("SOAP {} <- HTTP {} {}", action, response.code(), text.length() > 2000 ? text.substring(0, 2000) : text);
            if (response.isSuccessful()) return parseResponse(action, text, router);
            if (response.isRedirect()) {
                throw new UpnpException(Kind.ROUTER_REFUSED, "router " + router + " answered " + action + " with a redirect (refused)",
                        "the control URL may be stale: run 'homeport discover'", action, 0, response.code(), router, false, null);
            }
            if (response.code() == 404) {
                throw new UpnpException(Kind.NO_ROUTER, "router " + router + " has no control URL " + controlUrl + " (HTTP 404)",
                        "the router may have restarted: run 'homeport discover'", action, 0, 404, router, true, null);
            }
            int code = faultCode(text);
            String detail = code > 0 ? "UPnP error " + code + " (" + UpnpErrors.name(code) + ")"
                    : "HTTP " + response.code() + " without a UPnP error code";
            throw new UpnpException(Kind.ROUTER_REFUSED, "router " + router + " refused " + action + ": " + detail, null, action,
                    code, response.code(), router, false, null);
        } catch (SafeXml.XmlRefusedException e) {
            throw new UpnpException(Kind.ROUTER_REFUSED, "router " + router + " sent an unusable answer to " + action + ": "
                    + e.getMessage(), "check that " + router + " is really your router", action, 0, 0, router, false, e);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UpnpException(Kind.NO_ROUTER, "cannot reach the router at " + router + " (" + why + ")",
                    "is the router on and UPnP enabled? run 'homeport discover', or pass --router URL", action, 0, 0, router, true, e);
        }
    }

    private String routerAddress() {
        URI u = URI.create(controlUrl);
        return u.getPort() > 0 ? u.getHost() + ":" + u.getPort() : u.getHost();
    }

    String envelope(String action, List<Arg> args) {
        StringBuilder b = new StringBuilder(512);
        b.append("<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"").append(ENVELOPE_NS)
                .append("\" s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:").append(action)
                .append(" xmlns:u=\"").append(escape(serviceType)).append("\">");
        for (Arg a : args) {
            b.append('<').append(a.name()).append('>').append(escape(a.value())).append("</").append(a.name()).append('>');
        }
        b.append("</u:").append(action).append("></s:Body></s:Envelope>\r\n");
        return b.toString();
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t') b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** The output arguments: the child elements of the response element inside the SOAP Body. */
    static Map<String, String> parseResponse(String action, String text, String router) throws SafeXml.XmlRefusedException {
        Map<String, String> out = new LinkedHashMap<>();
        XMLStreamReader r = SafeXml.reader(text);
        int depthInBody = -1;
        int depth = 0;
        boolean sawResponse = false;
        StringBuilder value = new StringBuilder();
        try {
            while (r.hasNext()) {
                int e = r.next();
                if (e == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depthInBody < 0 && r.getLocalName().equals("Body")) {
                        depthInBody = depth;
                    } else if (depthInBody > 0 && depth == depthInBody + 1) {
                        sawResponse = true;
                    }
                    value.setLength(0);
                } else if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA) {
                    if (value.length() < 4096) value.append(r.getText());
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    if (depthInBody > 0 && depth == depthInBody + 2) out.put(r.getLocalName(), value.toString().strip());
                    value.setLength(0);
                    depth--;
                }
            }
        } catch (XMLStreamException ex) {
            throw new SafeXml.XmlRefusedException("malformed SOAP response: " + ex.getMessage(), ex);
        }
        if (!sawResponse) throw new SafeXml.XmlRefusedException("no " + action + "Response in the SOAP body");
        return out;
    }

    /** The {@code errorCode} of a UPnP SOAP fault, or 0 when there is none. */
    static int faultCode(String text) {
        try {
            XMLStreamReader r = SafeXml.reader(text);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("errorCode")) {
                    String v = r.getElementText().strip();
                    return v.matches("[0-9]{1,4}") ? Integer.parseInt(v) : 0;
                }
            }
        } catch (XMLStreamException | SafeXml.XmlRefusedException e) {
            return 0;
        }
        return 0;
    }
}
