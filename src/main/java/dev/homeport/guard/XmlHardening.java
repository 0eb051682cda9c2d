package dev.homeport.guard;

/** Installs the DTD-refusing parser factories and the JDK's XML limits for the whole process. */
public final class XmlHardening {
    private XmlHardening() {
    }

    /**
     * Makes every DOM and SAX parser the process creates through the JAXP factories (ours and jUPnP's) refuse a
     * DOCTYPE in the parser itself, and keeps the JDK's external-access and expansion limits as a second line.
     * Call before anything parses XML.
     */
    public static void install() {
        System.setProperty("javax.xml.parsers.DocumentBuilderFactory", NoDtdDocumentBuilderFactory.class.getName());
        System.setProperty("javax.xml.parsers.SAXParserFactory", NoDtdSaxParserFactory.class.getName());
        System.setProperty("javax.xml.accessExternalDTD", "");
        System.setProperty("javax.xml.accessExternalSchema", "");
        System.setProperty("javax.xml.accessExternalStylesheet", "");
        System.setProperty("jdk.xml.entityExpansionLimit", "1000");
    }
}
