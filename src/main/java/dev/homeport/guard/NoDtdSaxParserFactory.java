package dev.homeport.guard;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;

/**
 * The process's {@link SAXParserFactory} (installed by {@link XmlHardening}): the JDK's own, refusing any document
 * that declares a DOCTYPE in the parser itself. jUPnP's SAX service-description binder gets its parsers here.
 *
 * <p>The JDK's factory is configured on first use, not when this one is made: the JDK's StAX reader makes one of
 * these as soon as it starts (its default SAX factory honours the process's choice), and each refusal set on the
 * JDK's factory builds a whole parser to try it, three of them on the way to the router's description for nothing.
 */
public final class NoDtdSaxParserFactory extends SAXParserFactory {
    private SAXParserFactory delegate;

    /** The JDK's factory with the refusals set (the first call sets them). */
    private synchronized SAXParserFactory delegate() {
        if (delegate == null) {
            SAXParserFactory d = SAXParserFactory.newDefaultInstance();
            try {
                d.setFeature(NoDtdDocumentBuilderFactory.DISALLOW_DOCTYPE, true);
                d.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                d.setFeature("http://xml.org/sax/features/external-general-entities", false);
                d.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            } catch (ParserConfigurationException | SAXException e) {
                throw new IllegalStateException("the JDK's SAX parser cannot refuse DTDs", e);
            }
            d.setXIncludeAware(false);
            delegate = d;
        }
        return delegate;
    }

    @Override
    public SAXParser newSAXParser() throws ParserConfigurationException, SAXException {
        SAXParserFactory d = delegate();
        synchronized (d) {
            d.setNamespaceAware(isNamespaceAware());
            d.setValidating(false);
            return d.newSAXParser();
        }
    }

    @Override
    public void setFeature(String name, boolean value)
            throws ParserConfigurationException, SAXNotRecognizedException, SAXNotSupportedException {
        if (name.equals(NoDtdDocumentBuilderFactory.DISALLOW_DOCTYPE) || name.equals(XMLConstants.FEATURE_SECURE_PROCESSING)
                || name.startsWith("http://xml.org/sax/features/external-")) {
            return;
        }
        delegate().setFeature(name, value);
    }

    @Override
    public boolean getFeature(String name) throws ParserConfigurationException, SAXNotRecognizedException, SAXNotSupportedException {
        return delegate().getFeature(name);
    }
}
