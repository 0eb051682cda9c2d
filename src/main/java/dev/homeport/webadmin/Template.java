package dev.homeport.webadmin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{variable}}} substitution for profile values, with filters: {@code |html} (HTML-escape, for matching raw
 * page source), {@code |regex} (quote for a regex), {@code |nbsp} (spaces as U+00A0, as firmware renders names).
 */
final class Template {
    private static final Pattern VAR = Pattern.compile("\\{\\{\\s*([A-Za-z_][\\w.]*)((?:\\s*\\|\\s*[a-z]+)*)\\s*}}");
    static final List<String> FILTERS = List.of("html", "regex", "nbsp");

    private Template() {
    }

    /**
     * Expands {@code text}.
     *
     * @throws IllegalArgumentException naming the first variable {@code vars} does not hold
     */
    static String expand(String text, Map<String, String> vars) {
        Matcher m = VAR.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = vars.get(name);
            if (value == null) throw new IllegalArgumentException("unknown variable '" + name + "'");
            for (String f : filters(m.group(2))) value = apply(f, value);
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The problem with {@code text}'s variables or filters, if any, given which names are known. */
    static List<String> problems(String text, Predicate<String> known) {
        List<String> out = new ArrayList<>();
        if (text.contains("{{") && !VAR.matcher(text).find()) out.add("malformed '{{...}}' in '" + text + "'");
        Matcher m = VAR.matcher(text);
        while (m.find()) {
            if (!known.test(m.group(1))) out.add("unknown variable '" + m.group(1) + "'");
            for (String f : filters(m.group(2))) {
                if (!FILTERS.contains(f)) out.add("unknown filter '" + f + "' (known: " + String.join(", ", FILTERS) + ")");
            }
        }
        return out;
    }

    /** {@code text} with every variable replaced by a harmless word: for checking that a regex compiles. */
    static String placeholder(String text) {
        return VAR.matcher(text).replaceAll("x");
    }

    private static List<String> filters(String chain) {
        List<String> out = new ArrayList<>();
        if (chain == null || chain.isBlank()) return out;
        for (String f : chain.split("\\|")) {
            if (!f.isBlank()) out.add(f.strip());
        }
        return out;
    }

    private static String apply(String filter, String value) {
        return switch (filter) {
            case "html" -> value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
            case "regex" -> Pattern.quote(value);
            case "nbsp" -> value.replace(' ', '\u00a0');
            default -> throw new IllegalArgumentException("unknown filter '" + filter + "'");
        };
    }
}
