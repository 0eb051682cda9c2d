package dev.homeport.net;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * Builds the one {@link OkHttpClient} a homeport run uses. Callers derive variants with {@code newBuilder()}, which
 * shares the connection pool and dispatcher.
 */
public final class HttpClients {
    /** Sent with every request: providers such as Dyn require a descriptive agent. */
    public static final String CONTACT_URL = "https://github.com/homeport-dev/homeport";

    private HttpClients() {
    }

    /**
     * The shared client: short timeouts (routers and providers answer quickly or not at all), no redirects (a
     * redirect from a router is a red flag and dyndns2 never redirects), a descriptive User-Agent.
     */
    public static OkHttpClient create(String version) {
        String agent = "homeport/" + version + " " + CONTACT_URL;
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(10))
                .writeTimeout(Duration.ofSeconds(10))
                .callTimeout(Duration.ofSeconds(20))
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("User-Agent", agent).build()))
                .build();
    }
}
