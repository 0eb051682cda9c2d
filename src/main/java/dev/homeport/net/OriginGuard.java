package dev.homeport.net;

import java.io.IOException;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Pins a client to one origin (scheme, host, port): a request to any other origin is refused before a byte is sent,
 * and the credentials are attached here, to requests for that origin only. A client built with {@link #pin} cannot
 * carry a password to another host whatever a page's form action, link or redirect names, because redirects are not
 * followed and every request passes this interceptor.
 */
public final class OriginGuard implements Interceptor {
    private final HttpUrl origin;
    private final String authorization;

    private OriginGuard(HttpUrl origin, String authorization) {
        this.origin = origin;
        this.authorization = authorization;
    }

    /** A request refused because it names another origin than the pinned one. */
    public static final class ForeignOriginException extends IOException {
        private final String foreign;

        ForeignOriginException(String foreign, String pinned) {
            super("refused to send a request to " + foreign + ": only " + pinned + " may be contacted");
            this.foreign = foreign;
        }

        /** The origin that was refused, e.g. {@code http://203.0.113.9:8080}. */
        public String foreign() {
            return foreign;
        }
    }

    /**
     * {@code base} pinned to the origin of {@code url}, never following redirects.
     *
     * @param authorization the {@code Authorization} value to send to that origin, or null for none; it is sent only on
     *                      requests that carry the {@link Credentials} tag
     */
    public static OkHttpClient pin(OkHttpClient base, HttpUrl url, String authorization) {
        return base.newBuilder()
                .followRedirects(false)
                .followSslRedirects(false)
                .addInterceptor(new OriginGuard(url, authorization))
                .build();
    }

    /** Tag a request with this to have the pinned credentials attached (only if it goes to the pinned origin). */
    public enum Credentials { ATTACH }

    /** {@code scheme://host:port} of a URL, the port always written. */
    public static String origin(HttpUrl url) {
        return url.scheme() + "://" + (url.host().contains(":") ? "[" + url.host() + "]" : url.host()) + ":" + url.port();
    }

    /** True when {@code url} has the same scheme, host and port as {@code pinned}. */
    public static boolean sameOrigin(HttpUrl pinned, HttpUrl url) {
        return pinned.scheme().equals(url.scheme()) && pinned.host().equals(url.host()) && pinned.port() == url.port();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!sameOrigin(origin, request.url())) {
            throw new ForeignOriginException(origin(request.url()), origin(origin));
        }
        Request.Builder b = request.newBuilder().removeHeader("Authorization");
        if (authorization != null && Objects.equals(request.tag(Credentials.class), Credentials.ATTACH)) {
            b.header("Authorization", authorization);
        }
        return chain.proceed(b.build());
    }
}
