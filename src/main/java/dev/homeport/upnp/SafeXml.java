package dev.homeport.upnp;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import dev.homeport.net.BoundedBody;
import javax.xml.stream.XMLStreamConstants;
import okhttp3.ResponseBody;

/**
 * Reading what a router sends, defensively: a size cap on every body, no document with a DOCTYPE (the XXE and
 * entity-expansion door) reaches any parser, and our own parsing uses StAX with DTDs and external entities off.
 */
final class SafeXml {
    /** Descriptions and SOAP responses of real routers are a few KiB; 256 KiB leaves room and bounds memory. */
    static final long MAX_BODY = 256 * 1024;

    private SafeXml() {
    }

    /** A document refused before parsing, or one that did not parse. */
    static final class XmlRefusedException extends IOException {
        XmlRefusedException(String message) {
            super(message);
        }

        XmlRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Thrown from inside the StAX filter when a DTD event arrives; callers see an {@link XMLStreamException} or this. */
    static final class DtdRefused extends RuntimeException {
        DtdRefused() {
            super("document declares a DOCTYPE (refused: external entities are not accepted)");
        }
    }

    /**
     * Reads at most {@code max} bytes of a body (chunked or not).
     *
     * @throws XmlRefusedException when the body is larger
     * @throws IOException         when reading fails
     */
    static byte[] readCapped(ResponseBody body, long max) throws IOException {
        try {
            return BoundedBody.read(body, max);
        } catch (BoundedBody.TooLargeException e) {
            throw new XmlRefusedException(e.getMessage(), e);
        }
    }

    /**
     * Decodes a body as XML text and refuses a DOCTYPE anywhere in it.
     *
     * @throws XmlRefusedException when it declares a DOCTYPE
     */
    static String checkedText(byte[] body) throws XmlRefusedException {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (hasDoctype(text)) {
            throw new XmlRefusedException("document declares a DOCTYPE (refused: external entities are not accepted)");
        }
        return text;
    }

    /** True when the text contains a DOCTYPE declaration (any case, any position). */
    static boolean hasDoctype(String text) {
        return text.toUpperCase(Locale.ROOT).contains("<!DOCTYPE");
    }

    /**
     * A namespace-aware StAX reader with DTD support and external entities switched off.
     *
     * @throws XmlRefusedException when the text declares a DOCTYPE or the reader cannot be created
     */
    static XMLStreamReader reader(String text) throws XmlRefusedException {
        if (hasDoctype(text)) {
            throw new XmlRefusedException("document declares a DOCTYPE (refused: external entities are not accepted)");
        }
        // The JDK's own reader, not whatever a system property or the class path names (and no lookup per document).
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            // The parser itself refuses a DTD event too, whatever the text check above saw (an encoding trick).
            return f.createFilteredReader(f.createXMLStreamReader(new StringReader(text)), r -> {
                if (r.getEventType() == XMLStreamConstants.DTD) throw new DtdRefused();
                return true;
            });
        } catch (XMLStreamException e) {
            throw new XmlRefusedException("not XML: " + e.getMessage(), e);
        }
    }
}
