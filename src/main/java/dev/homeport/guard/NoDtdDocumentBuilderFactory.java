package dev.homeport.guard;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

/**
 * The process's {@link DocumentBuilderFactory} (installed by {@link XmlHardening}): the JDK's own, with any document
 * that declares a DOCTYPE refused by the parser itself, whatever its encoding (UTF-16 included), and external access
 * off. jUPnP builds its description parsers with {@code DocumentBuilderFactory.newInstance()}, so this reaches them too.
 * Callers cannot switch the refusal off.
 */
public final class NoDtdDocumentBuilderFactory extends DocumentBuilderFactory {
    static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private final DocumentBuilderFactory delegate = DocumentBuilderFactory.newDefaultInstance();

    public NoDtdDocumentBuilderFactory() {
        try {
            delegate.setFeature(DISALLOW_DOCTYPE, true);
            delegate.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot refuse DTDs", e);
        }
        delegate.setExpandEntityReferences(false);
        delegate.setXIncludeAware(false);
        delegate.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        delegate.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    }

    @Override
    public DocumentBuilder newDocumentBuilder() throws ParserConfigurationException {
        delegate.setNamespaceAware(isNamespaceAware());
        delegate.setValidating(false);
        delegate.setIgnoringComments(isIgnoringComments());
        delegate.setIgnoringElementContentWhitespace(isIgnoringElementContentWhitespace());
        delegate.setCoalescing(isCoalescing());
        return delegate.newDocumentBuilder();
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (name.equals(XMLConstants.ACCESS_EXTERNAL_DTD) || name.equals(XMLConstants.ACCESS_EXTERNAL_SCHEMA)) return;
        delegate.setAttribute(name, value);
    }

    @Override
    public Object getAttribute(String name) {
        return delegate.getAttribute(name);
    }

    @Override
    public void setFeature(String name, boolean value) throws ParserConfigurationException {
        if (name.equals(DISALLOW_DOCTYPE) || name.equals(XMLConstants.FEATURE_SECURE_PROCESSING)) return;
        delegate.setFeature(name, value);
    }

    @Override
    public boolean getFeature(String name) throws ParserConfigurationException {
        return delegate.getFeature(name);
    }
}
