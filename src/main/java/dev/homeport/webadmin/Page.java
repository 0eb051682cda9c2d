package dev.homeport.webadmin;

import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** One response from the admin UI: where it came from, its status, decoded body and (lazily) parsed document. */
final class Page {
    private final String url;
    private final int status;
    private final String body;
    private final Optional<String> realm;
    private Document document;

    Page(String url, int status, String body, Optional<String> realm) {
        this.url = url;
        this.status = status;
        this.body = body;
        this.realm = realm;
    }

    String url() {
        return url;
    }

    /** The page name for messages: the last path segment without query or token. */
    String name() {
        String noQuery = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        int slash = noQuery.lastIndexOf('/');
        String n = slash < 0 ? noQuery : noQuery.substring(slash + 1);
        // SerComm pages carry '&name=value' in the path itself: a token a profile put there is masked like any secret.
        return n.isEmpty() ? "/" : dev.homeport.guard.Redactor.current().redact(n);
    }

    int status() {
        return status;
    }

    String body() {
        return body;
    }

    /** The realm of a 401's {@code WWW-Authenticate: Basic realm="..."}. */
    Optional<String> realm() {
        return realm;
    }

    Document document() {
        if (document == null) document = Jsoup.parse(body, url);
        return document;
    }
}
