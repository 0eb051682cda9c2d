package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jupnp.binding.xml.DescriptorBindingException;
import org.jupnp.binding.xml.UDA10DeviceDescriptorBinderImpl;
import org.jupnp.model.meta.RemoteDevice;
import org.jupnp.model.meta.RemoteDeviceIdentity;
import org.jupnp.model.types.UDN;

/**
 * Defence in depth: even if an XXE description got past the transport's DOCTYPE text check (a UTF-16 body, say), the
 * process-wide parser factories of {@link Main#hardenXml()} make jUPnP's own parsers refuse the DOCTYPE themselves.
 */
class XmlHardeningTest {
    @TempDir
    Path tmp;

    @Test
    void jupnpsDescriptorParserReadsNoExternalEntityOnceMainHardenedXml() throws Exception {
        Main.hardenXml();
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "TOP-SECRET-42");
        try (MockWebServer entities = new MockWebServer()) {
            entities.start();
            String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE root [\n"
                    + "  <!ENTITY file SYSTEM \"" + secret.toUri() + "\">\n"
                    + "  <!ENTITY remote SYSTEM \"" + entities.url("/entity") + "\">\n]>\n"
                    + "<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><specVersion><major>1</major><minor>0</minor></specVersion>"
                    + "<device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
                    + "<friendlyName>&file;&remote;</friendlyName><manufacturer>x</manufacturer><modelName>x</modelName>"
                    + "<UDN>uuid:11111111-2222-3333-4444-555555555555</UDN></device></root>";
            RemoteDevice undescribed = new RemoteDevice(new RemoteDeviceIdentity(new UDN("11111111-2222-3333-4444-555555555555"),
                    1800, new URL("http://192.0.2.1:5000/rootDesc.xml"), null, null));

            DescriptorBindingException e = assertThrows(DescriptorBindingException.class,
                    () -> new UDA10DeviceDescriptorBinderImpl().describe(undescribed, xxe));

            String chain = chain(e);
            assertTrue(chain.contains("DOCTYPE is disallowed"), chain);
            assertFalse(chain.contains("TOP-SECRET"), chain);
            assertEquals(0, entities.getRequestCount(), "no external entity fetched");
        }
    }

    @Test
    void jupnpsParserRefusesADoctypeInAUtf16DescriptionWhichATextCheckOnUtf8Misses() throws Exception {
        Main.hardenXml();
        String bomb = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE root [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n"
                + "<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><specVersion><major>1</major><minor>0</minor></specVersion>"
                + "<device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
                + "<friendlyName>&c;</friendlyName><UDN>uuid:11111111-2222-3333-4444-555555555555</UDN></device></root>";
        byte[] utf16 = bomb.getBytes(java.nio.charset.StandardCharsets.UTF_16);
        assertFalse(new String(utf16, java.nio.charset.StandardCharsets.UTF_8).contains("<!DOCTYPE"), "the UTF-8 view hides it");

        javax.xml.parsers.DocumentBuilder parser = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder();
        org.xml.sax.SAXParseException e = assertThrows(org.xml.sax.SAXParseException.class,
                () -> parser.parse(new java.io.ByteArrayInputStream(utf16)));
        assertTrue(e.getMessage().contains("DOCTYPE is disallowed"), e.getMessage());

        javax.xml.parsers.SAXParser sax = javax.xml.parsers.SAXParserFactory.newInstance().newSAXParser();
        assertThrows(org.xml.sax.SAXParseException.class,
                () -> sax.parse(new java.io.ByteArrayInputStream(utf16), new org.xml.sax.helpers.DefaultHandler()));
    }

    @Test
    void aCallerCannotSwitchTheDoctypeRefusalOff() throws Exception {
        Main.hardenXml();
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        assertThrows(org.xml.sax.SAXParseException.class, () -> f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                "<!DOCTYPE r [<!ENTITY x \"y\">]><r>&x;</r>".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void everyStaxReaderRefusesADocumentNestedDeeperThan256Elements() throws Exception {
        Main.hardenXml();
        String deep = "<a>".repeat(300) + "</a>".repeat(300);
        String fine = "<a>".repeat(200) + "</a>".repeat(200);

        assertEquals(400, events(fine), "200 levels read");
        javax.xml.stream.XMLStreamException e = assertThrows(javax.xml.stream.XMLStreamException.class, () -> events(deep));
        assertTrue(e.getMessage().contains("256"), e.getMessage());
    }

    @Test
    void aLimitSetOnTheCommandLineIsKept() {
        String before = System.getProperty("jdk.xml.maxXMLNameLimit");
        System.setProperty("jdk.xml.maxXMLNameLimit", "77");
        try {
            Main.hardenXml();
            assertEquals("77", System.getProperty("jdk.xml.maxXMLNameLimit"));
            assertEquals("5000", System.getProperty("jdk.xml.maxOccurLimit"), "the others are set");
            assertEquals("false", System.getProperty("javax.xml.useCatalog"));
        } finally {
            if (before == null) {
                System.clearProperty("jdk.xml.maxXMLNameLimit");
            } else {
                System.setProperty("jdk.xml.maxXMLNameLimit", before);
            }
        }
    }

    /** Reads {@code xml} with a fresh StAX reader (as SafeXml does) and counts its element events. */
    private static int events(String xml) throws javax.xml.stream.XMLStreamException {
        javax.xml.stream.XMLStreamReader r = javax.xml.stream.XMLInputFactory.newDefaultFactory()
                .createXMLStreamReader(new java.io.StringReader(xml));
        int n = 0;
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == javax.xml.stream.XMLStreamConstants.START_ELEMENT || ev == javax.xml.stream.XMLStreamConstants.END_ELEMENT) n++;
        }
        return n;
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) b.append(c).append(" | ");
        return b.toString();
    }
}
