package dev.homeport.ddns;

import dev.homeport.net.BoundedBody;
import dev.homeport.guard.Redactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One GET to a provider, turned into a {@link Reply}. Never logs the Authorization header or the token. */
final class ProviderHttp {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderHttp.class);
    private static final long MAX_BODY = 64 * 1024;

    private final OkHttpClient http;
    private final Secret secret;

    ProviderHttp(OkHttpClient http, Secret secret) {
        this.http = http;
        this.secret = secret;
    }

    /**
     * Sends the request and parses a 200 answer with {@code parser}.
     *
     * @param shown the URL as it may be shown and logged (secret-free)
     */
    Reply get(HttpUrl url, String authorization, String shown, Function<String, Reply> parser) {
        // One connection per request: a pooled connection that an HTTP/1.0 server (or the IP-echo call) left stale
        // would fail the update, and the shared client does not retry, on purpose (an update must not be sent twice).
        Request.Builder rb = new Request.Builder().url(url).get().header("Connection", "close");
        if (authorization != null) rb.header("Authorization", authorization);
        LOG.debug("GET {}", shown);
        try (Response response = http.newCall(rb.build()).execute()) {
            int code = response.code();
            String body = readBody(response.body());
            LOG.debug("HTTP {} from {}: {}", code, url.host(), redact(Answer.oneLine(body)));
            if (code == 401 || code == 403) {
                return new Reply.Trouble(Reply.Trouble.Kind.AUTH, code, "HTTP " + code + " from " + url.host());
            }
            if (code >= 500) {
                return new Reply.Trouble(Reply.Trouble.Kind.SERVER, code, "HTTP " + code + " from " + url.host());
            }
            if (code != 200) {
                String where = response.header("Location") == null ? "" : " (redirect to " + redact(response.header("Location")) + ")";
                return new Reply.Trouble(Reply.Trouble.Kind.HTTP, code, "HTTP " + code + " from " + url.host() + where);
            }
            return parser.apply(redact(body));
        } catch (BoundedBody.TooLargeException e) {
            LOG.debug("answer from {} refused: {}", url.host(), e.getMessage());
            return new Reply.Trouble(Reply.Trouble.Kind.SERVER, 0, "the answer from " + url.host() + " is larger than "
                    + MAX_BODY + " bytes (refused)");
        } catch (IOException e) {
            String why = e instanceof InterruptedIOException ? "no answer in time (timeout)"
                    : e instanceof UnknownHostException ? "cannot resolve " + url.host()
                    : e instanceof ConnectException ? "connection refused or unreachable"
                    : e.getClass().getSimpleName();
            LOG.debug("request to {} failed: {}: {}", url.host(), why, redact(String.valueOf(e.getMessage())));
            return new Reply.Trouble(Reply.Trouble.Kind.NETWORK, 0, why + " (" + url.host() + ")");
        }
    }

    /** Removes the secret, in any form, from text a server sent back, in case it echoes the request. */
    String redact(String text) {
        return Redactor.current().add(secret.reveal()).redact(text);
    }

    private static String readBody(ResponseBody body) throws IOException {
        return BoundedBody.readUtf8(body, MAX_BODY);
    }
}
