package dev.homeport.upnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.net.HttpClients;
import java.io.IOException;
import java.util.List;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake router refuses what a strict router refuses, so a malformed request from homeport fails a unit test
 * instead of passing against a lenient fake (see {@link SoapCheck} for the rules and where they come from).
 */
class FakeIgdStrictnessTest {
    private static final String IP2 = "urn:schemas-upnp-org:service:WANIPConnection:2";
    private static final MediaType XML = MediaType.get("text/xml; charset=\"utf-8\"");
    private final OkHttpClient http = HttpClients.create("test");
    private final FakeIgd igd = new FakeIgd();
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(igd);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String envelope(String bodyNs, String action, String args) {
        return "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:" + action + " xmlns:u=\"" + bodyNs
                + "\">" + args + "</u:" + action + "></s:Body></s:Envelope>";
    }

    private static String addArgs(String client, String protocol) {
        return "<NewRemoteHost></NewRemoteHost><NewExternalPort>888</NewExternalPort><NewProtocol>" + protocol
                + "</NewProtocol><NewInternalPort>888</NewInternalPort><NewInternalClient>" + client + "</NewInternalClient>"
                + "<NewEnabled>1</NewEnabled><NewPortMappingDescription>homeport pi 888</NewPortMappingDescription>"
                + "<NewLeaseDuration>3600</NewLeaseDuration>";
    }

    /** POSTs {@code body} with {@code soapAction} (null: no header); returns "HTTP status, UPnP code or 0". */
    private String post(String soapAction, String body) throws IOException {
        Request.Builder b = new Request.Builder().url(server.url(FakeIgd.CONTROL_PATH)).post(RequestBody.create(body, XML));
        if (soapAction != null) b.header("SOAPAction", soapAction);
        try (Response r = http.newCall(b.build()).execute()) {
            String text = r.body().string();
            int code = text.contains("<errorCode>") ? Integer.parseInt(text.replaceAll("(?s).*<errorCode>(\\d+)</errorCode>.*", "$1")) : 0;
            return r.code() + " " + code;
        }
    }

    @Test
    void aWellFormedAddIsAcceptedAndRecordsNoViolation() throws IOException {
        assertEquals("200 0", post("\"" + IP2 + "#AddPortMapping\"", envelope(IP2, "AddPortMapping", addArgs("192.0.2.10", "TCP"))));
        assertEquals(List.of(), igd.violations);
        assertEquals(1, igd.table.size());
    }

    @Test
    void noSoapActionHeaderIsBadRequestAsMiniupnpdAnswers() throws IOException {
        assertEquals("400 0", post(null, envelope(IP2, "GetExternalIPAddress", "")));
        assertTrue(igd.violations.get(0).contains("no SOAPAction header"), igd.violations::toString);
    }

    @Test
    void anUnknownActionOrAnotherServicesNamespaceIsInvalidAction401() throws IOException {
        assertEquals("500 401", post("\"" + IP2 + "#AddAnyThing\"", envelope(IP2, "AddAnyThing", "")));
        String ip1 = "urn:schemas-upnp-org:service:WANIPConnection:1";
        assertEquals("500 401", post("\"" + ip1 + "#GetExternalIPAddress\"", envelope(ip1, "GetExternalIPAddress", "")));
        assertEquals(2, igd.violations.size(), igd.violations::toString);
    }

    @Test
    void aBodyCallingAnotherActionOrNamespaceThanTheHeaderIs401() throws IOException {
        assertEquals("500 401", post("\"" + IP2 + "#GetExternalIPAddress\"", envelope("urn:wrong", "GetExternalIPAddress", "")));
        assertEquals("500 401", post("\"" + IP2 + "#GetExternalIPAddress\"", envelope(IP2, "GetStatusInfo", "")));
        assertEquals(2, igd.violations.size(), igd.violations::toString);
    }

    @Test
    void anEnvelopeOutsideTheSoapNamespaceIs401AndNonXmlOrADtdIs400() throws IOException {
        String noSoap = envelope(IP2, "GetExternalIPAddress", "").replace("http://schemas.xmlsoap.org/soap/envelope/", "urn:x");
        assertEquals("500 401", post("\"" + IP2 + "#GetExternalIPAddress\"", noSoap));
        assertEquals("400 0", post("\"" + IP2 + "#GetExternalIPAddress\"", "<s:Envelope"));
        assertEquals("400 0", post("\"" + IP2 + "#GetExternalIPAddress\"", "<!DOCTYPE x [<!ENTITY e \"e\">]>"
                + envelope(IP2, "GetExternalIPAddress", "")));
        assertEquals(3, igd.violations.size(), igd.violations::toString);
    }

    @Test
    void aMissingUnknownOrRepeatedArgumentIsInvalidArgs402() throws IOException {
        String add = "\"" + IP2 + "#AddPortMapping\"";
        assertEquals("500 402", post(add, envelope(IP2, "AddPortMapping", addArgs("192.0.2.10", "TCP")
                .replace("<NewLeaseDuration>3600</NewLeaseDuration>", ""))));
        assertEquals("500 402", post(add, envelope(IP2, "AddPortMapping", addArgs("192.0.2.10", "TCP") + "<NewExtra>1</NewExtra>")));
        assertEquals("500 402", post(add, envelope(IP2, "AddPortMapping", addArgs("192.0.2.10", "TCP")
                + "<NewProtocol>UDP</NewProtocol>")));
        assertEquals(3, igd.violations.size(), igd.violations::toString);
        assertTrue(igd.violations.get(0).contains("missing argument NewLeaseDuration"), igd.violations::toString);
        assertTrue(igd.table.isEmpty());
    }

    @Test
    void badValuesAreInvalidArgsAndAWildcardExternalPortIs716() throws IOException {
        String add = "\"" + IP2 + "#AddPortMapping\"";
        assertEquals("500 402", post(add, envelope(IP2, "AddPortMapping", addArgs("192.0.2.10", "tcp"))));
        assertEquals("500 716", post(add, envelope(IP2, "AddPortMapping", addArgs("192.0.2.10", "TCP")
                .replace("<NewExternalPort>888<", "<NewExternalPort>0<"))));
        assertEquals("500 402", post(add, envelope(IP2, "AddPortMapping", addArgs("192.0.2.10", "TCP")
                .replace("<NewInternalPort>888<", "<NewInternalPort>70000<"))));
        assertEquals("500 402", post("\"" + IP2 + "#GetGenericPortMappingEntry\"", envelope(IP2, "GetGenericPortMappingEntry",
                "<NewPortMappingIndex>-1</NewPortMappingIndex>")));
        assertEquals(4, igd.violations.size(), igd.violations::toString);
    }

    @Test
    void aPostOutsideTheControlUrlIs404() throws IOException {
        Request r = new Request.Builder().url(server.url("/ctl/Other")).header("SOAPAction", "\"" + IP2 + "#GetStatusInfo\"")
                .post(RequestBody.create(envelope(IP2, "GetStatusInfo", ""), XML)).build();
        try (Response resp = http.newCall(r).execute()) {
            assertEquals(404, resp.code());
        }
    }
}
