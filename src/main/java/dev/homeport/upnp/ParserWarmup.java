package dev.homeport.upnp;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Readies the description and SOAP readers on a built-in sample while a cold run's main thread would only wait for
 * the router's SSDP answer: the first document the JDK's XML reader reads in a process costs 15-20 ms of setup (its
 * security limits, its string concatenation's method handles), which the early search's description read and then
 * the first SOAP call would pay on the way to the router. Nothing is sent, written or kept: only classes get loaded
 * and linked. Any failure is ignored (the real reads report theirs).
 */
final class ParserWarmup {
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final String DESCRIPTION = "<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\">"
            + "<specVersion><major>1</major><minor>0</minor></specVersion><device>"
            + "<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType><friendlyName>sample</friendlyName>"
            + "<UDN>uuid:00000000-0000-0000-0000-000000000000</UDN><deviceList><device>"
            + "<deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType><serviceList><service>"
            + "<serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType>"
            + "<serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId><controlURL>/ctl</controlURL>"
            + "<eventSubURL>/evt</eventSubURL><SCPDURL>/scpd.xml</SCPDURL></service></serviceList></device></deviceList>"
            + "</device></root>";
    private static final String ANSWER = "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:GetExternalIPAddressResponse"
            + " xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\"><NewExternalIPAddress>192.0.2.1"
            + "</NewExternalIPAddress></u:GetExternalIPAddressResponse></s:Body></s:Envelope>";

    private ParserWarmup() {
    }

    /** Once per process; returns at once after the first call. */
    static void run() {
        if (DONE.getAndSet(true)) return;
        try {
            DescriptionParser.parse("http://192.0.2.1:5000/rootDesc.xml", DESCRIPTION);
            SoapClient.parseResponse("GetExternalIPAddress", ANSWER, "sample");
        } catch (SafeXml.XmlRefusedException | RuntimeException e) {
            // nothing to do: the real documents are read and judged on their own
        }
    }
}
