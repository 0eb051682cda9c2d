package dev.homeport.upnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homeport.core.HomeportException;
import dev.homeport.net.HttpClients;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SoapClientTest {
    private MockWebServer server;
    private SoapClient soap;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        soap = new SoapClient(HttpClients.create("test"), UpnpRouterTest.gateway(server));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendsTheActionWithEscapedArgumentsInOrder() throws Exception {
        server.enqueue(new MockResponse.Builder().body("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                + "<u:AddPortMappingResponse xmlns:u=\"x\"/></s:Body></s:Envelope>").build());

        soap.call("AddPortMapping", List.of(new SoapClient.Arg("NewExternalPort", "888"),
                new SoapClient.Arg("NewPortMappingDescription", "homeport <b>&\"x\"")));

        RecordedRequest r = server.takeRequest();
        assertEquals("\"urn:schemas-upnp-org:service:WANIPConnection:2#AddPortMapping\"", r.getHeaders().get("SOAPAction"));
        String body = r.getBody().utf8();
        assertTrue(body.contains("<NewPortMappingDescription>homeport &lt;b&gt;&amp;&quot;x&quot;</NewPortMappingDescription>"), body);
        assertTrue(body.indexOf("NewExternalPort") < body.indexOf("NewPortMappingDescription"));
    }

    @Test
    void readsOutputArguments() {
        server.enqueue(new MockResponse.Builder().body("<?xml version=\"1.0\"?>"
                + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                + "<u:GetExternalIPAddressResponse xmlns:u=\"urn:x\"><NewExternalIPAddress> 11.7.0.2 </NewExternalIPAddress>"
                + "</u:GetExternalIPAddressResponse></s:Body></s:Envelope>").build());

        Map<String, String> out = soap.call("GetExternalIPAddress", List.of());

        assertEquals(Map.of("NewExternalIPAddress", "11.7.0.2"), out);
    }

    @Test
    void soapFaultCarriesTheUpnpErrorCode() {
        server.enqueue(FakeIgd.fault(718));

        UpnpException e = assertThrows(UpnpException.class, () -> soap.call("AddPortMapping", List.of()));

        assertEquals(718, e.code().orElseThrow());
        assertTrue(e.getMessage().contains("UPnP error 718 (ConflictInMappingEntry)"), e.getMessage());
        assertFalse(e.connectionFailed());
    }

    @Test
    void http500WithoutBodyIsARefusalWithoutCode() {
        server.enqueue(new MockResponse.Builder().code(500).build());

        UpnpException e = assertThrows(UpnpException.class, () -> soap.call("GetGenericPortMappingEntry", List.of()));

        assertTrue(e.code().isEmpty());
        assertEquals(500, e.httpStatus().orElseThrow());
        assertEquals(HomeportException.Kind.ROUTER_REFUSED, e.kind());
        assertTrue(e.getMessage().contains("HTTP 500 without a UPnP error code"), e.getMessage());
        HomeportException explained = UpnpErrors.explain(e, "888/tcp");
        assertTrue(explained.getMessage().contains("without a UPnP error code"), explained.getMessage());
    }

    @Test
    void soapAnswerWithDoctypeIsRefused() {
        server.enqueue(new MockResponse.Builder().body("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><u:GetExternalIPAddressResponse xmlns:u=\"x\">"
                + "<NewExternalIPAddress>&e;</NewExternalIPAddress></u:GetExternalIPAddressResponse></s:Body></s:Envelope>").build());

        UpnpException e = assertThrows(UpnpException.class, () -> soap.call("GetExternalIPAddress", List.of()));

        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(e.getMessage().contains("root:"));
    }

    @Test
    void redirectIsNotFollowed() {
        server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", "http://203.0.113.5/").build());

        UpnpException e = assertThrows(UpnpException.class, () -> soap.call("GetExternalIPAddress", List.of()));

        assertTrue(e.getMessage().contains("redirect"), e.getMessage());
        assertEquals(1, server.getRequestCount());
    }
}
