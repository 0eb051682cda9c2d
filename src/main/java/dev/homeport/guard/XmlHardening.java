package dev.homeport.guard;

/** Installs the DTD-refusing parser factories and the JDK's XML limits for the whole process. */
public final class XmlHardening {
    /**
     * Every other setting the JDK's StAX and SAX readers look up when they are created (JDK 17), each set unless the
     * command line set it: a setting left unset sends the JDK to {@code $JAVA_HOME/conf/jaxp.properties}, and that first
     * read costs a cold run about 8 ms of CPU on the way to the router's description (its string concatenation is the
     * first of the process, and links its method handles then). The values are the JDK's defaults, but for the
     * element depth (unbounded by default: 256 here, far above any router's description or SOAP answer) and the
     * catalog (off: nothing homeport reads names one).
     */
    private static final String[][] LIMITS = {
        {"jdk.xml.maxOccurLimit", "5000"},
        {"jdk.xml.elementAttributeLimit", "10000"},
        {"jdk.xml.totalEntitySizeLimit", "50000000"},
        {"jdk.xml.maxGeneralEntitySizeLimit", "0"},
        {"jdk.xml.maxParameterEntitySizeLimit", "1000000"},
        {"jdk.xml.maxElementDepth", "256"},
        {"jdk.xml.maxXMLNameLimit", "1000"},
        {"jdk.xml.entityReplacementLimit", "3000000"},
        {"javax.xml.useCatalog", "false"},
        {"jdk.xml.resetSymbolTable", "false"},
        {"jdk.xml.overrideDefaultParser", "false"},
        {"jdk.xml.cdataChunkSize", "0"},
    };

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
        for (String[] limit : LIMITS) {
            if (System.getProperty(limit[0]) == null) System.setProperty(limit[0], limit[1]);
        }
    }
}
