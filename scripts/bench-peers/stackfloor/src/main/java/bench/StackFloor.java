package bench;

import java.io.StringReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * weupnp's work, no more (one M-SEARCH, the first answer's description, GetStatusInfo, AddPortMapping, exit), on
 * homeport's libraries: OkHttp for HTTP, the JDK's StAX reader with DTDs off. What any program built on this stack
 * pays to open a port; homeport's cold forward does this plus its own checks and steps.
 */
public final class StackFloor {
    private static final String IGD1 = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";
    private static final MediaType XML = MediaType.get("text/xml; charset=\"utf-8\"");

    private StackFloor() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        DatagramSocket ssdp = new DatagramSocket();
        byte[] search = ("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: "
                + IGD1 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ssdp.send(new DatagramPacket(search, search.length, InetAddress.getByName("239.255.255.250"), 1900));
        OkHttpClient http = new OkHttpClient.Builder()
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .followRedirects(false)
                .retryOnConnectionFailure(false)
                .callTimeout(Duration.ofSeconds(5))
                .build();
        byte[] buf = new byte[2048];
        DatagramPacket answer = new DatagramPacket(buf, buf.length);
        ssdp.setSoTimeout(3000);
        ssdp.receive(answer);
        ssdp.close();
        String location = null;
        for (String line : new String(buf, 0, answer.getLength(), StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.regionMatches(true, 0, "LOCATION:", 0, 9)) location = line.substring(9).trim();
        }
        if (location == null) throw new IllegalStateException("no LOCATION in the SSDP answer");

        String description;
        try (Response r = http.newCall(new Request.Builder().url(location).build()).execute()) {
            description = r.body().string();
        }
        String serviceType = null;
        String control = null;
        String type = null;
        String element = null;
        XMLStreamReader x = reader(description);
        while (x.hasNext() && control == null) {
            int e = x.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                element = x.getLocalName();
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                element = null;
            } else if (e == XMLStreamConstants.CHARACTERS && element != null) {
                if (element.equals("serviceType")) {
                    type = x.getText().trim();
                } else if (element.equals("controlURL") && type != null && type.contains(":WANIPConnection:")) {
                    control = x.getText().trim();
                    serviceType = type;
                }
            }
        }
        if (control == null) throw new IllegalStateException("no WANIPConnection in " + location);
        HttpUrl url = HttpUrl.get(location).resolve(control);

        String local;
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(answer.getAddress(), 1900); // sends nothing: asks the routing table
            local = probe.getLocalAddress().getHostAddress();
        }
        if (!soap(http, url, serviceType, "GetStatusInfo", "").contains("Connected")) {
            throw new IllegalStateException("the gateway is not connected");
        }
        soap(http, url, serviceType, "AddPortMapping", "<NewRemoteHost></NewRemoteHost><NewExternalPort>" + port
                + "</NewExternalPort><NewProtocol>TCP</NewProtocol><NewInternalPort>" + port
                + "</NewInternalPort><NewInternalClient>" + local + "</NewInternalClient><NewEnabled>1</NewEnabled>"
                + "<NewPortMappingDescription>stackfloor bench</NewPortMappingDescription><NewLeaseDuration>0</NewLeaseDuration>");
        System.out.println("stackfloor: " + location + " added " + port + " -> " + local);
    }

    /** The text of a SOAP answer's elements, space-separated; fails on an HTTP error. */
    private static String soap(OkHttpClient http, HttpUrl url, String serviceType, String action, String args) throws Exception {
        String body = "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:" + action + " xmlns:u=\""
                + serviceType + "\">" + args + "</u:" + action + "></s:Body></s:Envelope>";
        Request request = new Request.Builder().url(url).header("SOAPAction", "\"" + serviceType + "#" + action + "\"")
                .post(RequestBody.create(body, XML)).build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            if (!response.isSuccessful()) throw new IllegalStateException(action + ": HTTP " + response.code() + ": " + text);
            StringBuilder out = new StringBuilder();
            XMLStreamReader x = reader(text);
            while (x.hasNext()) {
                if (x.next() == XMLStreamConstants.CHARACTERS) out.append(x.getText()).append(' ');
            }
            return out.toString();
        }
    }

    private static XMLStreamReader reader(String text) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f.createXMLStreamReader(new StringReader(text));
    }
}
