package dev.homeport.webadmin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Reads a profile's tables from a page: rows by selector with named cells, or a field value split into rows. */
final class Tables {
    private Tables() {
    }

    static List<Map<String, String>> read(Profile.Table table, Document doc) {
        List<Map<String, String>> rows = new ArrayList<>();
        if (table.split().isPresent()) {
            Profile.Split s = table.split().get();
            Element el = doc.selectFirst(s.css());
            String value = el == null ? "" : el.attr(s.attr());
            for (String row : value.split(Pattern.quote(s.rowSeparator()))) {
                if (row.isBlank()) continue;
                String[] cols = row.split(Pattern.quote(s.columnSeparator()), -1);
                Map<String, String> r = new LinkedHashMap<>();
                for (int i = 0; i < s.columns().size(); i++) r.put(s.columns().get(i), i < cols.length ? cols[i].strip() : "");
                rows.add(r);
            }
            return rows;
        }
        for (Element row : doc.select(table.rows().orElseThrow())) {
            Map<String, String> r = new LinkedHashMap<>();
            for (Map.Entry<String, Profile.Cell> c : table.cells().entrySet()) {
                Profile.Cell cell = c.getValue();
                Element el = row.selectFirst(cell.css());
                String v = el == null ? "" : cell.attr().map(el::attr).orElseGet(() -> Driver.text(el));
                if (cell.regex().isPresent()) {
                    Matcher m = Pattern.compile(cell.regex().get()).matcher(v);
                    v = m.find() ? (m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group()) : "";
                }
                r.put(c.getKey(), v);
            }
            rows.add(r);
        }
        return rows;
    }
}
