package dev.homeport.upnp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import org.junit.jupiter.api.Test;
import org.jupnp.binding.xml.UDA10DeviceDescriptorBinderImpl;
import org.jupnp.model.meta.RemoteDevice;
import org.jupnp.model.meta.RemoteDeviceIdentity;
import org.jupnp.model.types.UDN;

/** Discovery (jUPnP's model) and {@code --router} (our parser) must choose the same gateway from the same description. */
class JupnpConversionTest {

    private static Gateway viaJupnp(String url, String xml) throws Exception {
        RemoteDevice undescribed = new RemoteDevice(new RemoteDeviceIdentity(new UDN("undescribed"), 1800, new URL(url), null, null));
        RemoteDevice described = new UDA10DeviceDescriptorBinderImpl().describe(undescribed, xml);
        GatewaySelector.Choice c = GatewaySelector.choose(new DeviceDescription(url, Discovery.convert(described), ""), "192.0.2.10");
        return c.gateway().orElseThrow(() -> new AssertionError(c.reason()));
    }

    private static Gateway viaOurParser(String url, String xml) throws Exception {
        return GatewaySelector.choose(DescriptionParser.parse(url, xml), "192.0.2.10").gateway().orElseThrow();
    }

    @Test
    void jupnpsModelOfMiniupnpdGivesTheSameGatewayAsOurParser() throws Exception {
        String url = "http://192.0.2.1:5000/rootDesc.xml";
        String xml = DescriptionTest.fixture("igd2-miniupnpd.xml");

        Gateway g = viaJupnp(url, xml);

        assertEquals(viaOurParser(url, xml), g);
        assertEquals("http://192.0.2.1:5000/ctl/IPConn", g.controlUrl());
        assertEquals(2, g.igdVersion());
    }

    @Test
    void jupnpsModelOfAnIgd1WithUrlBaseGivesTheSameGatewayAsOurParser() throws Exception {
        String url = "http://192.168.1.1:49000/igddesc.xml";
        String xml = DescriptionTest.fixture("igd1-urlbase.xml");

        assertEquals(viaOurParser(url, xml), viaJupnp(url, xml));
    }
}
