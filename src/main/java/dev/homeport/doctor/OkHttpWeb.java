package dev.homeport.doctor;

import dev.homeport.net.BoundedBody;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** {@link Web} over the shared OkHttp client, with timeouts short enough for a diagnosis. */
final class OkHttpWeb implements Web {
    private static final long BODY_CAP = 4096;

    private final OkHttpClient client;

    OkHttpWeb(OkHttpClient shared) {
        this.client = shared.newBuilder()
                .connectTimeout(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(3))
                .callTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public Fetch get(String url) {
        Request request;
        try {
            request = new Request.Builder().url(url).get().build();
        } catch (IllegalArgumentException e) {
            return Fetch.failed("not a valid URL: " + url);
        }
        try (Response r = client.newCall(request).execute()) {
            String start = new String(BoundedBody.prefix(r.body(), BODY_CAP), java.nio.charset.StandardCharsets.UTF_8);
            return new Fetch(r.code(), start, Optional.empty());
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Fetch.failed(why.length() > 120 ? why.substring(0, 120) + "..." : why);
        }
    }
}
