package dev.homeport.upnp;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jupnp.model.message.StreamRequestMessage;
import org.jupnp.model.message.StreamResponseMessage;
import org.jupnp.model.message.UpnpHeaders;
import org.jupnp.model.message.UpnpRequest;
import org.jupnp.model.message.UpnpResponse;
import org.jupnp.transport.spi.AbstractStreamClient;
import org.jupnp.transport.spi.AbstractStreamClientConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jUPnP's HTTP transport on homeport's OkHttp client (instead of jUPnP's Jetty 9 default). Only GET (descriptions),
 * only to hosts {@link SsdpGuard} believes, no redirects, capped bodies, and a document with a DOCTYPE is refused
 * before jUPnP's (unhardened) XML parser could see it.
 */
final class OkHttpStreamClient extends AbstractStreamClient<OkHttpStreamClient.Configuration, Call> {
    private static final Logger LOG = LoggerFactory.getLogger(OkHttpStreamClient.class);

    private final Configuration configuration;
    private final OkHttpClient http;
    private final SsdpGuard guard;

    OkHttpStreamClient(Configuration configuration, OkHttpClient http, SsdpGuard guard) {
        this.configuration = configuration;
        this.http = http;
        this.guard = guard;
    }

    /**
     * Short timeouts, and no blacklisting: jUPnP's default stops asking a URL for ten minutes after five failures,
     * which would hide a router that is just rebooting. A homeport run lasts seconds anyway.
     */
    static final class Configuration extends AbstractStreamClientConfiguration {
        Configuration(ExecutorService executor, int timeoutSeconds) {
            super(executor, timeoutSeconds, 0, 0, 1);
        }
    }

    @Override
    public Configuration getConfiguration() {
        return configuration;
    }

    @Override
    protected Call createRequest(StreamRequestMessage message) {
        UpnpRequest op = message.getOperation();
        URI uri = message.getUri();
        if (op.getMethod() != UpnpRequest.Method.GET) {
            LOG.debug("refusing {} {}: discovery only fetches descriptions", op.getHttpMethodName(), uri);
            return null;
        }
        if (uri == null || !"http".equalsIgnoreCase(uri.getScheme()) || !guard.allows(uri.getHost())) {
            guard.refused("request to " + uri + " refused: not the host that answered the search");
            LOG.debug("refusing GET {}: host not believed", uri);
            return null;
        }
        Request.Builder b = new Request.Builder().url(uri.toString()).get();
        for (Map.Entry<String, List<String>> h : message.getHeaders().entrySet()) {
            String name = h.getKey();
            if (name == null || name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Content-Length")) continue;
            for (String v : h.getValue()) b.addHeader(name, v);
        }
        return http.newCall(b.build());
    }

    @Override
    protected Callable<StreamResponseMessage> createCallable(StreamRequestMessage message, Call call) {
        return () -> {
            try (Response response = call.execute()) {
                if (response.isRedirect()) throw new IOException("redirect to " + response.header("Location") + " refused");
                byte[] body = SafeXml.readCapped(response.body(), SafeXml.MAX_BODY);
                if (SafeXml.hasDoctype(new String(body, java.nio.charset.StandardCharsets.UTF_8))) {
                    throw new SafeXml.XmlRefusedException("document declares a DOCTYPE (refused)");
                }
                StreamResponseMessage out = new StreamResponseMessage(new UpnpResponse(response.code(), response.message()));
                out.setHeaders(new UpnpHeaders(response.headers().toMultimap()));
                if (body.length > 0) out.setBodyCharacters(body);
                return out;
            }
        };
    }

    @Override
    protected void abort(Call call) {
        call.cancel();
    }

    @Override
    protected boolean logExecutionException(Throwable t) {
        guard.refused("description fetch failed: " + (t == null ? "?" : t.getMessage()));
        LOG.debug("description fetch failed: {}", t == null ? "?" : t.toString());
        return true;
    }

    @Override
    public void stop() {
        // the OkHttp client is shared with the rest of the run and closed by its owner
    }
}
