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
 * Defence in depth: even if an XXE description got past the transport's DOCTYPE refusal, the process-wide settings
 * of {@link Main#hardenXml()} stop jUPnP's own (unhardened) JDK parser from reading files or fetching URLs.
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
            assertTrue(chain.contains("accessExternalDTD"), chain);
            assertFalse(chain.contains("TOP-SECRET"), chain);
            assertEquals(0, entities.getRequestCount(), "no external entity fetched");
        }
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) b.append(c).append(" | ");
        return b.toString();
    }
}
