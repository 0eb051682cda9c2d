package dev.homeport.upnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SsdpTest {
    private static final String MINIUPNPD = "HTTP/1.1 200 OK\r\n"
            + "CACHE-CONTROL: max-age=120\r\n"
            + "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
            + "USN: uuid:51b83fa1-fc82-479a-a58f-030edeb813c1::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
            + "EXT:\r\n"
            + "SERVER: Debian/12 UPnP/1.1 MiniUPnPd/2.3.1\r\n"
            + "LOCATION: http://192.0.2.1:5000/rootDesc.xml\r\n"
            + "\r\n";

    private static Optional<SsdpResponse> parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return SsdpResponse.parse(b, 0, b.length);
    }

    @Test
    void parsesASearchResponse() {
        SsdpResponse r = parse(MINIUPNPD).orElseThrow();

        assertEquals(200, r.status());
        assertEquals("http://192.0.2.1:5000/rootDesc.xml", r.location());
        assertEquals("urn:schemas-upnp-org:device:InternetGatewayDevice:1", r.st());
        assertTrue(r.server().contains("MiniUPnPd"));
        assertTrue(r.aboutIgd());
    }

    @Test
    void headerNamesAreCaseInsensitiveAndBareNewlinesAccepted() {
        SsdpResponse r = parse("HTTP/1.1 200 OK\nLocation: http://10.0.0.1:1900/igd.xml\nst: upnp:rootdevice\n"
                + "usn: uuid:abc::urn:schemas-upnp-org:device:InternetGatewayDevice:2\n\n").orElseThrow();

        assertEquals("http://10.0.0.1:1900/igd.xml", r.location());
        assertTrue(r.aboutIgd(), "the USN names the IGD");
    }

    @Test
    void ignoresDatagramsThatAreNotSsdpAnswersOrLackALocation() {
        assertTrue(parse("M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n\r\n").isEmpty());
        assertTrue(parse("HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\n\r\n").isEmpty());
        assertTrue(parse("garbage").isEmpty());
        assertTrue(parse("").isEmpty());
    }

    @Test
    void aMediaRendererIsNotAboutAnIgd() {
        assertFalse(parse("HTTP/1.1 200 OK\r\nLOCATION: http://192.0.2.7/d.xml\r\nST: urn:schemas-upnp-org:device:MediaRenderer:1\r\n"
                + "USN: uuid:tv::urn:schemas-upnp-org:device:MediaRenderer:1\r\n\r\n").orElseThrow().aboutIgd());
    }

    @Test
    void guardBelievesAGatewayWhoseLocationIsItsOwnAddressOnALocalSubnet() {
        SsdpGuard guard = new SsdpGuard(a -> a.startsWith("192.0.2."));

        assertEquals(Optional.empty(), guard.check("192.0.2.1", parse(MINIUPNPD).orElseThrow()));

        assertTrue(guard.allows("192.0.2.1"));
        assertEquals(1, guard.locations().size());
    }

    @Test
    void guardRefusesALocationPointingAtAnotherHost() {
        SsdpGuard guard = new SsdpGuard(a -> true);

        Optional<String> why = guard.check("192.0.2.66", parse(MINIUPNPD).orElseThrow());

        assertTrue(why.orElseThrow().contains("is not the responder 192.0.2.66"), why.orElseThrow());
        assertFalse(guard.allows("192.0.2.1"));
        assertFalse(guard.allows("192.0.2.66"));
        assertEquals(1, guard.refusals().size());
    }

    @Test
    void guardRefusesAResponderOffTheLocalSubnets() {
        SsdpGuard guard = new SsdpGuard(a -> false);

        assertTrue(guard.check("192.0.2.1", parse(MINIUPNPD).orElseThrow()).orElseThrow().contains("not on a local subnet"));
        assertFalse(guard.allows("192.0.2.1"));
    }

    @Test
    void guardRefusesNonHttpOrHostnameLocations() {
        SsdpGuard guard = new SsdpGuard(a -> true);
        String https = MINIUPNPD.replace("http://192.0.2.1:5000", "https://192.0.2.1:5000");
        String named = MINIUPNPD.replace("http://192.0.2.1:5000", "http://router.lan:5000");

        assertTrue(guard.check("192.0.2.1", parse(https).orElseThrow()).isPresent());
        assertTrue(guard.check("192.0.2.1", parse(named).orElseThrow()).isPresent());
        assertFalse(guard.allows("192.0.2.1"));
    }

    @Test
    void theMulticastSearchAsksForAnIgdWithinOneSecond() {
        String r = SsdpSearch.request();

        assertTrue(r.startsWith("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"), r);
        assertTrue(r.contains("MAN: \"ssdp:discover\"\r\nMX: 1\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"), r);
        assertTrue(r.endsWith("\r\n\r\n"));
    }
}
