package dev.homeport.upnp;

import dev.homeport.core.HomeportException.Kind;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Fetches and parses a root device description directly (the {@code --router URL} path, no SSDP). */
final class DescriptionFetcher {
    private final OkHttpClient http;

    DescriptionFetcher(OkHttpClient http) {
        this(http, Duration.ofSeconds(6));
    }

    /** @param budget the most one fetch may take, all of it (a description dripped byte by byte stops there) */
    DescriptionFetcher(OkHttpClient http, Duration budget) {
        Duration call = budget.compareTo(Duration.ofSeconds(6)) < 0 ? budget : Duration.ofSeconds(6);
        this.http = http.newBuilder()
                .connectTimeout(call.compareTo(Duration.ofSeconds(3)) < 0 ? call : Duration.ofSeconds(3))
                .readTimeout(call.compareTo(Duration.ofSeconds(5)) < 0 ? call : Duration.ofSeconds(5))
                .callTimeout(call)
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    /**
     * GETs and parses {@code url}.
     *
     * @throws UpnpException NO_ROUTER when it cannot be fetched, ROUTER_REFUSED when what came back is not a
     *                       usable description (too big, DOCTYPE, malformed, redirect)
     */
    DeviceDescription fetch(String url) {
        String host = Gateway.host(url);
        try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (response.isRedirect()) {
                throw UpnpException.of(Kind.NO_ROUTER, url + " redirects to " + response.header("Location") + " (refused)",
                        "pass the device-description URL itself", host);
            }
            if (!response.isSuccessful()) {
                throw UpnpException.of(Kind.NO_ROUTER, url + " answered HTTP " + response.code() + ": no device description there",
                        "check the URL ('homeport discover' shows it)", host);
            }
            String text = SafeXml.checkedText(SafeXml.readCapped(response.body(), SafeXml.MAX_BODY));
            return DescriptionParser.parse(url, text).withServer(response.header("Server"));
        } catch (SafeXml.XmlRefusedException e) {
            throw UpnpException.of(Kind.NO_ROUTER, "the description at " + url + " is unusable: " + e.getMessage(),
                    "check that " + host + " is really your router", host);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UpnpException(Kind.NO_ROUTER, "cannot reach the router at " + url + " (" + why + ")",
                    "check the URL and that UPnP is enabled on the router ('homeport discover' finds it)", null, 0, 0, host, true, e);
        }
    }
}
