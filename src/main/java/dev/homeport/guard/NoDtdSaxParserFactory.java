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
 */
public final class NoDtdSaxParserFactory extends SAXParserFactory {
    private final SAXParserFactory delegate = SAXParserFactory.newDefaultInstance();

    public NoDtdSaxParserFactory() {
        try {
            delegate.setFeature(NoDtdDocumentBuilderFactory.DISALLOW_DOCTYPE, true);
            delegate.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            delegate.setFeature("http://xml.org/sax/features/external-general-entities", false);
            delegate.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's SAX parser cannot refuse DTDs", e);
        }
        delegate.setXIncludeAware(false);
    }

    @Override
    public SAXParser newSAXParser() throws ParserConfigurationException, SAXException {
        delegate.setNamespaceAware(isNamespaceAware());
        delegate.setValidating(false);
        return delegate.newSAXParser();
    }

    @Override
    public void setFeature(String name, boolean value)
            throws ParserConfigurationException, SAXNotRecognizedException, SAXNotSupportedException {
        if (name.equals(NoDtdDocumentBuilderFactory.DISALLOW_DOCTYPE) || name.equals(XMLConstants.FEATURE_SECURE_PROCESSING)
                || name.startsWith("http://xml.org/sax/features/external-")) {
            return;
        }
        delegate.setFeature(name, value);
    }

    @Override
    public boolean getFeature(String name) throws ParserConfigurationException, SAXNotRecognizedException, SAXNotSupportedException {
        return delegate.getFeature(name);
    }
}
