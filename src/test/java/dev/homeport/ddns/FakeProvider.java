package dev.homeport.ddns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A dyndns2 server on loopback, like the reference client's test server: 401 unless Basic auth carries the
 * password, 400 unless GET, else the next queued answer (or HTTP 500 when none is queued, so a surprise request fails
 * the test visibly). Records every request.
 */
final class FakeProvider implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final String password;
    private final Deque<MockResponse> answers = new ArrayDeque<>();
    private final List<RecordedRequest> requests = new ArrayList<>();

    FakeProvider(String password) throws IOException {
        this.password = password;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                synchronized (FakeProvider.this) {
                    requests.add(request);
                    if (!request.getMethod().equals("GET")) return new MockResponse.Builder().code(400).build();
                    if (!authorized(request.getHeaders().get("Authorization"))) {
                        return new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "Basic realm=\"realm\"").build();
                    }
                    MockResponse next = answers.poll();
                    return next != null ? next : new MockResponse.Builder().code(500).body("no answer queued").build();
                }
            }
        });
        server.start();
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Basic ")) return requestsCarryTokenInstead();
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        return decoded.endsWith(":" + password);
    }

    private boolean tokenMode;

    private boolean requestsCarryTokenInstead() {
        return tokenMode;
    }

    /** DuckDNS style: no Basic auth, the token is a query parameter (checked by the test). */
    FakeProvider tokenAuth() {
        tokenMode = true;
        return this;
    }

    /** Queues a 200 text/plain answer made of these lines, each newline-terminated. */
    synchronized void answer(String... lines) {
        answers.add(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/plain")
                .body(lines.length == 0 ? "" : String.join("\n", lines) + "\n").build());
    }

    synchronized void respond(MockResponse response) {
        answers.add(response);
    }

    synchronized int requestCount() {
        return requests.size();
    }

    synchronized RecordedRequest request(int i) {
        return requests.get(i);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
    String base() {
        String u = server.url("/").toString();
        return u.substring(0, u.length() - 1);
    }

    @Override
    public void close() {
        server.close();
    }
}
