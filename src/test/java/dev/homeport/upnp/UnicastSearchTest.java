package dev.homeport.upnp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnicastSearchTest {
    private static final String OUTER = "192.168.100.1";

    private static Optional<String> accept(String from, int port, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return UnicastSearch.acceptedLocation(OUTER, new InetSocketAddress(from, port), b, b.length);
    }

    private static String answer(String location) {
        return "HTTP/1.1 200 OK\r\nST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nLOCATION: " + location
                + "\r\nUSN: uuid:x::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nSERVER: MiniUPnPd/2.3.1\r\n\r\n";
    }

    @Test
    void theSearchIsAddressedToTheCandidateItself() {
        String r = UnicastSearch.request(OUTER);
        assertTrue(r.startsWith("M-SEARCH * HTTP/1.1\r\nHOST: 192.168.100.1:1900\r\n"), r);
        assertTrue(r.contains("ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"), r);
        assertTrue(r.endsWith("\r\n\r\n"));
    }

    @Test
    void anIgdAnswerFromTheCandidateGivesItsLocationWithThePortItNames() {
        assertEquals(Optional.of("http://192.168.100.1:5001/rootDesc.xml"),
                accept(OUTER, 1900, answer("http://192.168.100.1:5001/rootDesc.xml")));
    }

    @Test
    void anAnswerPointingElsewhereOrFromAnotherSenderIsIgnored() {
        assertEquals(Optional.empty(), accept(OUTER, 1900, answer("http://192.168.100.7:5001/rootDesc.xml")));
        assertEquals(Optional.empty(), accept("192.168.100.7", 1900, answer("http://192.168.100.1:5001/rootDesc.xml")));
        assertEquals(Optional.empty(), accept(OUTER, 40000, answer("http://192.168.100.1:5001/rootDesc.xml")));
        assertEquals(Optional.empty(), accept(OUTER, 1900, "NOTIFY * HTTP/1.1\r\nNT: upnp:rootdevice\r\n"
                + "LOCATION: http://192.168.100.1:5001/rootDesc.xml\r\n\r\n"));
    }
}
