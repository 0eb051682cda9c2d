package dev.homeport.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NotifyTest {
    /** As the lab's miniupnpd 2.3.1 sends it (captured with tcpdump). */
    static final String MINIUPNPD_ALIVE = "NOTIFY * HTTP/1.1\r\n"
            + "HOST: 239.255.255.250:1900\r\n"
            + "CACHE-CONTROL: max-age=60\r\n"
            + "LOCATION: http://192.0.2.1:5000/rootDesc.xml\r\n"
            + "SERVER: Debian/6.18.44-fc-v782 UPnP/1.1 MiniUPnPd/2.3.1\r\n"
            + "NT: urn:schemas-upnp-org:device:InternetGatewayDevice:2\r\n"
            + "USN: uuid:52020ef5-671f-4339-ab01-eaac5c7e0459::urn:schemas-upnp-org:device:InternetGatewayDevice:2\r\n"
            + "NTS: ssdp:alive\r\n"
            + "OPT: \"http://schemas.upnp.org/upnp/1/0/\"; ns=01\r\n"
            + "01-NLS: 1796018572\r\n"
            + "BOOTID.UPNP.ORG: 1796018572\r\n"
            + "CONFIGID.UPNP.ORG: 1337\r\n"
            + "\r\n";

    static Optional<Notify> parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return Notify.parse(b, b.length);
    }

    @Test
    void readsMiniupnpdsAliveWithItsBootIdLocationAndRootDevice() {
        Notify n = parse(MINIUPNPD_ALIVE).orElseThrow();
        assertEquals(Notify.Nts.ALIVE, n.nts());
        assertEquals(Optional.of("http://192.0.2.1:5000/rootDesc.xml"), n.location());
        assertEquals(OptionalLong.of(1796018572L), n.bootId());
        assertEquals("uuid:52020ef5-671f-4339-ab01-eaac5c7e0459", n.udn());
    }

    @Test
    void readsAByebyeWithoutLocationAndAUpnp10AliveWithoutBootId() {
        Notify bye = parse("NOTIFY * HTTP/1.1\r\nNT: upnp:rootdevice\r\nNTS: ssdp:byebye\r\nUSN: uuid:x::upnp:rootdevice\r\n\r\n")
                .orElseThrow();
        assertEquals(Notify.Nts.BYEBYE, bye.nts());
        Notify old = parse("NOTIFY * HTTP/1.1\nLOCATION: http://192.0.2.1:1900/igd.xml\nNTS: ssdp:alive\n\n").orElseThrow();
        assertEquals(OptionalLong.empty(), old.bootId());
    }

    @Test
    void dropsWhatIsNotAWellFormedNotify() {
        assertTrue(parse("HTTP/1.1 200 OK\r\nLOCATION: http://192.0.2.1:5000/rootDesc.xml\r\nNTS: ssdp:alive\r\n\r\n").isEmpty(),
                "a search response is not a NOTIFY");
        assertTrue(parse("M-SEARCH * HTTP/1.1\r\nNTS: ssdp:alive\r\n\r\n").isEmpty());
        assertTrue(parse(MINIUPNPD_ALIVE.replace("ssdp:alive", "ssdp:reboot")).isEmpty(), "unknown NTS");
        assertTrue(parse(MINIUPNPD_ALIVE.replace("LOCATION: http://192.0.2.1:5000/rootDesc.xml\r\n", "")).isEmpty(),
                "alive without LOCATION");
        assertTrue(parse(MINIUPNPD_ALIVE.replace("http://192.0.2.1:5000", "https://192.0.2.1:5000")).isEmpty(), "not http");
        assertTrue(parse(MINIUPNPD_ALIVE.replace("http://192.0.2.1:5000", "http://router.example:5000")).isEmpty(),
                "not an IPv4 address");
        assertTrue(parse(MINIUPNPD_ALIVE.replace("http://192.0.2.1:5000", "http://u:p@192.0.2.1:5000")).isEmpty(),
                "credentials in the URL");
        assertTrue(parse(MINIUPNPD_ALIVE.replace("BOOTID.UPNP.ORG: 1796018572", "BOOTID.UPNP.ORG: -1")).isEmpty());
        assertTrue(parse(MINIUPNPD_ALIVE.replace("BOOTID.UPNP.ORG: 1796018572", "BOOTID.UPNP.ORG: 4294967296")).isEmpty(),
                "BOOTID beyond 2^31-1");
        assertTrue(parse(MINIUPNPD_ALIVE.replace("CACHE-CONTROL: max-age=60", "no colon here")).isEmpty());
    }

    @Test
    void dropsOversizedDatagramsLongLinesAndHeaderFloods() {
        byte[] big = new byte[Notify.MAX_DATAGRAM + 1];
        byte[] head = MINIUPNPD_ALIVE.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, big, 0, head.length);
        assertTrue(Notify.parse(big, big.length).isEmpty());
        assertTrue(parse(MINIUPNPD_ALIVE.replace("SERVER: Debian", "SERVER: " + "x".repeat(600))).isEmpty());
        String flood = MINIUPNPD_ALIVE.replace("HOST: 239.255.255.250:1900\r\n", "X-A: 1\r\n".repeat(40));
        assertTrue(parse(flood).isEmpty());
    }

    @Test
    void controlCharactersFromTheNetworkArePrintedVisibly() {
        assertEquals("a\\x1b[2Jb\\x0a", Printable.of("a\u001b[2Jb\n"));
        assertTrue(Printable.of("y".repeat(1000)).length() < 220);
    }
}
