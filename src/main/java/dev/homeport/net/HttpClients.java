package dev.homeport.net;

import java.security.Security;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * Builds the one {@link OkHttpClient} a homeport run uses. Callers derive variants with {@code newBuilder()}, which
 * shares the connection pool and dispatcher.
 *
 * <p>The client from {@link #create} speaks plain HTTP only, which is all UPnP routers speak: building it does not
 * load the JDK's trust store and TLS machinery, about 200 classes and 30-60 ms of CPU that a run talking only to the
 * router (cron's reassert) would pay for nothing. {@link #withTls} derives the HTTPS-capable variant when needed.
 *
 * <p>It connects on the calling thread ({@code fastFallback(false)}): a router has one address, so OkHttp 5's
 * happy-eyeballs race (each connect handed to a task thread) only added a thread and two hand-offs per connection
 * (miniupnpd closes every connection). The HTTPS variant, for providers with several addresses, races again.
 */
public final class HttpClients {
    /** Sent with every request: providers such as Dyn require a descriptive agent. */
    public static final String CONTACT_URL = "https://github.com/homeport-dev/homeport";

    private HttpClients() {
    }

    /**
     * The shared client: short timeouts (routers and providers answer quickly or not at all), no redirects (a
     * redirect from a router is a red flag and dyndns2 never redirects), a descriptive User-Agent; plain HTTP only
     * (an {@code https:} URL fails with {@link IllegalStateException}): use {@link #withTls} for those.
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
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .fastFallback(false)
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("User-Agent", agent).build()))
                .build();
    }

    /**
     * {@link #create} on a daemon thread of its own, started now, for a run that will surely make a request soon: the
     * client's classes load while the caller goes on (reading the config, sending the SSDP search...). That thread then
     * lists the JDK's security providers, which OkHttp's first request asks for (to pick its TLS platform) and which
     * cost a cold run 40-90 ms; done there, they are off the path to the first request. Nothing is sent.
     */
    public static CompletableFuture<OkHttpClient> createSoon(String version) {
        CompletableFuture<OkHttpClient> client = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                client.complete(create(version));
                Security.getProviders();
            } catch (RuntimeException | Error e) {
                client.completeExceptionally(e);
            }
        }, "http-client");
        t.setDaemon(true);
        t.start();
        return client;
    }

    /** {@code plain} plus HTTPS (OkHttp's default modern TLS), sharing its connection pool and dispatcher. */
    public static OkHttpClient withTls(OkHttpClient plain) {
        return plain.newBuilder().connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT)).fastFallback(true).build();
    }
}
