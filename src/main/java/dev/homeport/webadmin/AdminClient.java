package dev.homeport.webadmin;

import dev.homeport.core.HomeportException.Kind;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.homeport.guard.Redactor;
import dev.homeport.net.BoundedBody;
import dev.homeport.net.OriginGuard;
import okhttp3.ConnectionPool;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP to one router's admin pages the way its single-threaded httpd likes it: one connection, one request at a
 * time, a pause between requests, HTTP Basic (UTF-8, see {@link RouterBytes}) sent up front, and the cookie-echo
 * dance (first 401 sets a cookie that must be echoed; retry once). Never logs a password, a token or a field value.
 */
final class AdminClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminClient.class);
    private static final Pattern REALM = Pattern.compile("realm=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern META_CHARSET = Pattern.compile("<meta[^>]+charset=[\"']?([\\w-]+)", Pattern.CASE_INSENSITIVE);

    /** Pauses between requests; tests pass a no-op. */
    interface Sleeper {
        void sleep(long millis);
    }

    private final OkHttpClient client;
    private final HttpUrl root;
    private final String user;
    private final Profile.Transport transport;
    private final int throttleMillis;
    private final Sleeper sleeper;
    private final WebAdminException.Context context;
    private boolean first = true;

    AdminClient(OkHttpClient base, HttpUrl root, String user, String password, Profile.Transport transport,
                int throttleMillis, Sleeper sleeper, WebAdminException.Context context) {
        Duration timeout = Duration.ofSeconds(transport.timeoutSeconds());
        // Every request of the run goes through the origin guard: only --router's origin, credentials only there.
        this.client = OriginGuard.pin(base.newBuilder()
                .cookieJar(new MemoryCookieJar())
                .connectionPool(new ConnectionPool(1, 30, TimeUnit.SECONDS))
                .readTimeout(timeout)
                .callTimeout(timeout.plusSeconds(5))
                .build(), root, RouterBytes.basic(user, password));
        this.client.dispatcher().setMaxRequestsPerHost(1);
        this.root = root;
        this.user = user;
        this.transport = transport;
        this.throttleMillis = throttleMillis;
        this.sleeper = sleeper;
        this.context = context;
    }

    HttpUrl root() {
        return root;
    }

    /** The absolute URL of a profile path such as {@code fw_serv.htm&todo=cfg_init} (a literal '&' in the path). */
    HttpUrl resolve(String path) {
        HttpUrl u = root.resolve(path.startsWith("/") ? path : "/" + path);
        if (u == null) throw fail("'" + path + "' is not a usable path on " + root, null, 0);
        return u;
    }

    /** GET with or without credentials; a 401 with credentials is a wrong password. */
    Page get(HttpUrl url, boolean auth, Optional<String> referer) {
        Request.Builder b = new Request.Builder().url(url).get();
        referer.ifPresent(r -> b.header("Referer", r));
        LOG.debug("GET {}", safe(url));
        return execute(b, auth);
    }

    /** POSTs a form body (application/x-www-form-urlencoded) with credentials. */
    Page post(HttpUrl url, List<Map.Entry<String, String>> fields, Charset charset, String referer) {
        RouterBytes.checkForm(fields, charset, context);
        FormBody.Builder form = new FormBody.Builder(charset);
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, String> f : fields) {
            form.add(f.getKey(), f.getValue());
            names.add(f.getKey());
        }
        LOG.debug("POST {} fields {}", safe(url), names);
        return execute(new Request.Builder().url(url).post(form.build()).header("Referer", referer), true);
    }

    private Page execute(Request.Builder b, boolean auth) {
        if (auth) b.tag(OriginGuard.Credentials.class, OriginGuard.Credentials.ATTACH);
        Request request = b.build();
        Page page = call(request);
        if (auth && page.status() == 401 && transport.cookieEcho()) {
            LOG.debug("401 on {}: retrying once with the cookies it set", safe(request.url()));
            page = call(request);
        }
        if (auth && page.status() == 401) {
            throw new WebAdminException(Kind.WEB_ADMIN, "the router refused user '" + user + "' with this password (HTTP 401)",
                    "check --user and the password file; the router's admin account is often 'admin'", context.withStatus(401));
        }
        return page;
    }

    private Page call(Request request) {
        if (!first && throttleMillis > 0) sleeper.sleep(throttleMillis);
        first = false;
        try (Response r = client.newCall(request).execute()) {
            byte[] bytes = BoundedBody.read(r.body(), BoundedBody.ROUTER_PAGE);
            String body = decode(bytes, Optional.ofNullable(r.body().contentType()));
            Optional<String> realm = Optional.ofNullable(r.header("WWW-Authenticate")).map(REALM::matcher)
                    .filter(Matcher::find).map(m -> m.group(1));
            LOG.debug("  -> {} ({} bytes)", r.code(), bytes.length);
            return new Page(request.url().toString(), r.code(), body, realm);
        } catch (OriginGuard.ForeignOriginException e) {
            throw new WebAdminException(Kind.WEB_ADMIN, "the router's page points to " + e.foreign() + ", another origin than --router "
                    + OriginGuard.origin(root) + ": refused before sending anything there",
                    "homeport only talks to the address given with --router; if the router really moved, pass its new address",
                    context, e);
        } catch (BoundedBody.TooLargeException e) {
            throw new WebAdminException(Kind.WEB_ADMIN, "the router's page " + safe(request.url()) + " is larger than "
                    + e.cap() + " bytes (refused)", "this is not a page a router's web admin sends; check --router", context, e);
        } catch (java.net.ProtocolException e) {
            // Something answered, just not HTTP (another service on that port): "does not answer" would mislead.
            String said = String.valueOf(e.getMessage());
            throw fail("what " + root + " sent is not an HTTP answer (" + Driver.quote(said) + ")", e, 0);
        } catch (IOException e) {
            throw fail("the router's web admin at " + root + " does not answer (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e, 0);
        }
    }

    /** Header charset, else a meta charset, else UTF-8 if the bytes are valid UTF-8, else the profile's fallback. */
    private String decode(byte[] bytes, Optional<MediaType> type) {
        Optional<Charset> declared = type.map(t -> t.charset(null));
        if (declared.isPresent()) return new String(bytes, declared.get());
        String head = new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.ISO_8859_1);
        Matcher m = META_CHARSET.matcher(head);
        if (m.find()) {
            try {
                return new String(bytes, Charset.forName(m.group(1)));
            } catch (IllegalArgumentException e) {
                LOG.debug("unknown meta charset {}", m.group(1));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, Charset.forName(transport.charsetFallback()));
        }
    }

    private WebAdminException fail(String message, Throwable cause, int status) {
        Kind kind = cause instanceof java.net.ConnectException || cause instanceof java.net.SocketTimeoutException
                || cause instanceof java.net.UnknownHostException || cause instanceof java.io.InterruptedIOException
                ? Kind.NO_ROUTER : Kind.WEB_ADMIN;
        return new WebAdminException(kind, message, "check --router (the admin page's address, e.g. http://192.168.0.1)",
                context.withStatus(status), cause);
    }

    /** A URL for logs and messages: through the run's redactor (no query; secrets masked in the path too). */
    static String safe(HttpUrl url) {
        return Redactor.current().url(url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()));
    }

    @Override
    public void close() {
        client.connectionPool().evictAll();
    }

    /** Cookies for the one router, kept for one session (XSRF_TOKEN and the like). */
    private static final class MemoryCookieJar implements CookieJar {
        private final List<Cookie> cookies = new ArrayList<>();

        @Override
        public synchronized void saveFromResponse(HttpUrl url, List<Cookie> list) {
            for (Cookie c : list) {
                cookies.removeIf(old -> old.name().equals(c.name()) && old.domain().equals(c.domain()) && old.path().equals(c.path()));
                cookies.add(c);
            }
        }

        @Override
        public synchronized List<Cookie> loadForRequest(HttpUrl url) {
            List<Cookie> out = new ArrayList<>();
            for (Cookie c : cookies) {
                if (c.matches(url)) out.add(c);
            }
            return out;
        }
    }
}
