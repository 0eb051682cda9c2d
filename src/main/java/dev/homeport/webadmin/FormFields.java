package dev.homeport.webadmin;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.jsoup.select.Elements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fields a form on a router page sends: what a browser would send, then a profile's edits (set, derive, drop,
 * the button), the page's fields in the page's order and added ones after; and the charset they are encoded in.
 */
final class FormFields {
    /** Logs as {@link Driver}, whose lines these were: what -vv shows did not change when the class was split. */
    private static final Logger LOG = LoggerFactory.getLogger(Driver.class);

    private FormFields() {
    }

    /**
     * The fields of {@code form} with a profile's submit applied to them.
     *
     * @param expand fills this run's values into a value the profile sets; what it throws propagates
     */
    static List<Map.Entry<String, String>> edited(FormElement form, Profile.Submit s, UnaryOperator<String> expand) {
        List<Map.Entry<String, String>> body = formData(form);
        for (Map.Entry<String, String> e : s.set().entrySet()) put(body, e.getKey(), expand.apply(e.getValue()));
        for (Profile.Derive d : s.derive()) derive(body, d);
        for (String drop : s.drop()) {
            body.removeIf(f -> drop.endsWith("*") ? f.getKey().startsWith(drop.substring(0, drop.length() - 1))
                    : f.getKey().equals(drop));
        }
        s.button().ifPresent(b -> put(body, b.name(), b.value()));
        return body;
    }

    /** The fields a browser would send, before any button: no buttons, no disabled or unnamed controls. */
    static List<Map.Entry<String, String>> formData(FormElement form) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Element el : form.elements()) {
            String name = el.attr("name");
            if (name.isEmpty() || el.hasAttr("disabled")) continue;
            String tag = el.normalName();
            String type = el.attr("type").toLowerCase(java.util.Locale.ROOT);
            if (tag.equals("button") || tag.equals("fieldset") || tag.equals("object") || tag.equals("output")) continue;
            boolean button = type.equals("submit") || type.equals("reset") || type.equals("button") || type.equals("image");
            if (tag.equals("input") && (button || type.equals("file"))) continue;
            if (tag.equals("select")) {
                Elements selected = el.select("option[selected]");
                Element opt = selected.isEmpty() ? el.selectFirst("option") : selected.first();
                // Browsers send an option's text when it has no value, with ASCII whitespace collapsed but U+00A0
                // kept (SerComm pages render service names with &nbsp; and their script strips it back).
                String text = opt == null ? "" : opt.wholeText().replaceAll("[\\t\\n\\f\\r ]+", " ").strip();
                if (opt != null) out.add(entry(name, opt.hasAttr("value") ? opt.attr("value") : text));
            } else if (tag.equals("textarea")) {
                out.add(entry(name, el.wholeText()));
            } else if (type.equals("checkbox") || type.equals("radio")) {
                if (el.hasAttr("checked")) out.add(entry(name, el.hasAttr("value") ? el.attr("value") : "on"));
            } else {
                out.add(entry(name, el.attr("value")));
            }
        }
        return out;
    }

    private static void derive(List<Map.Entry<String, String>> body, Profile.Derive d) {
        switch (d.op()) {
            case "mirror_h" -> d.fields().forEach((field, mirror) -> put(body, mirror, value(body, field)));
            case "join_ip" -> d.fields().forEach((target, prefix) -> put(body, target, String.join(".",
                    value(body, prefix + "1"), value(body, prefix + "2"), value(body, prefix + "3"), value(body, prefix + "4"))));
            case "const" -> d.fields().forEach((k, v) -> put(body, k, v));
            default -> throw new IllegalStateException("unknown derive op " + d.op());
        }
    }

    private static String value(List<Map.Entry<String, String>> body, String name) {
        for (Map.Entry<String, String> e : body) {
            if (e.getKey().equals(name)) return e.getValue();
        }
        return "";
    }

    private static void put(List<Map.Entry<String, String>> body, String name, String value) {
        boolean found = false;
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i).getKey().equals(name)) {
                if (!found) body.set(i, entry(name, value));
                else body.remove(i--);
                found = true;
            }
        }
        if (!found) body.add(entry(name, value));
    }

    private static Map.Entry<String, String> entry(String k, String v) {
        return new AbstractMap.SimpleImmutableEntry<>(k, v);
    }

    /** The charset {@code page} declares, which a browser encodes its forms in; UTF-8 if none or an unknown one. */
    static Charset charsetOf(Page page) {
        Element meta = page.document().selectFirst("meta[charset], meta[http-equiv=Content-Type]");
        if (meta != null) {
            String cs = meta.hasAttr("charset") ? meta.attr("charset") : meta.attr("content").replaceAll("(?i).*charset=", "");
            try {
                return Charset.forName(cs.strip());
            } catch (IllegalArgumentException e) {
                LOG.debug("unknown charset {}", cs);
            }
        }
        return StandardCharsets.UTF_8;
    }
}
