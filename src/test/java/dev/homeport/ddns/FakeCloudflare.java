package dev.homeport.ddns;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.homeport.net.Ipv6Local;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A small stateful stand-in for Cloudflare's API v4 on loopback, following its documented shapes: every answer is
 * the envelope {@code {success, errors[{code, message}], messages, result}}, lists carry {@code result_info}
 * (page, per_page, count, total_count, total_pages) and honour {@code page}/{@code per_page} (capped by
 * {@link #pageCap}, as the real API caps per_page), zones are filtered by {@code name}, records by {@code name} and
 * {@code type}; POST creates, PATCH changes only the fields sent. Address contents are validated (9005 for A, 9006
 * for AAAA), an AAAA address is stored and answered in compressed lower-case form, and an address record cannot be
 * created beside a CNAME of the same name (81053). Tokens: an unknown one gets HTTP 401 with code
 * 1000, a read-only one HTTP 403 with code 10000 on writes. Records every request.
 */
final class FakeCloudflare implements AutoCloseable {
    static final String TOKEN = "cf-Token-0123456789abcdefABCDEF";
    static final String READ_ONLY = "cf-ReadOnly-0123456789abcdef";

    private final MockWebServer server = new MockWebServer();
    private final Map<String, String> zones = new LinkedHashMap<>();
    private final List<JsonObject> records = new ArrayList<>();
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<String> bodies = new ArrayList<>();
    private int pageCap = 100;
    private int rateLimited;
    private String retryAfter;
    private int serverErrors;
    private int nextId = 1;
    private int failAt = -1;

    FakeCloudflare() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                synchronized (FakeCloudflare.this) {
                    requests.add(request);
                    bodies.add(request.getBody() == null ? "" : request.getBody().utf8());
                    return handle(request, bodies.get(bodies.size() - 1));
                }
            }
        });
        server.start();
    }

    String base() {
        return server.url("/client/v4").toString();
    }

    synchronized FakeCloudflare zone(String name, String id) {
        zones.put(id, name);
        return this;
    }

    synchronized JsonObject record(String zoneId, String type, String name, String content, int ttl, boolean proxied) {
        JsonObject r = new JsonObject();
        r.addProperty("id", "rec" + nextId++);
        r.addProperty("zone_id", zoneId);
        r.addProperty("type", type);
        r.addProperty("name", name);
        r.addProperty("content", content);
        r.addProperty("ttl", ttl);
        r.addProperty("proxied", proxied);
        records.add(r);
        return r;
    }

    synchronized void pageCap(int cap) {
        pageCap = cap;
    }

    synchronized void rateLimitNext(int n) {
        rateLimitNext(n, "120");
    }

    /** The next {@code n} requests get a 429 with this {@code Retry-After} value ({@code null}: no header). */
    synchronized void rateLimitNext(int n, String retryAfter) {
        rateLimited = n;
        this.retryAfter = retryAfter;
    }

    synchronized void failNext(int n) {
        serverErrors = n;
    }

    /** Answers the {@code n}th request from now (1 = the next) with HTTP 502, as a passing outage would. */
    synchronized void failRequest(int n) {
        failAt = requests.size() + n;
    }

    synchronized List<JsonObject> records(String name) {
        return records.stream().filter(r -> r.get("name").getAsString().equals(name)).map(JsonObject::deepCopy).toList();
    }

    /** Every request as "METHOD /path?query", in order. */
    synchronized List<String> requests() {
        return requests.stream().map(r -> r.getMethod() + " " + r.getUrl().encodedPath()
                + (r.getUrl().encodedQuery() == null ? "" : "?" + r.getUrl().encodedQuery())).toList();
    }

    /** The writes (POST, PATCH, PUT, DELETE) as "METHOD path body". */
    synchronized List<String> writes() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            String m = requests.get(i).getMethod();
            if (!m.equals("GET")) out.add(m + " " + requests.get(i).getUrl().encodedPath() + " " + bodies.get(i));
        }
        return out;
    }

    synchronized List<String> authorizations() {
        return requests.stream().map(r -> String.valueOf(r.getHeaders().get("Authorization"))).toList();
    }

    private MockResponse handle(RecordedRequest req, String body) {
        if (rateLimited > 0) {
            rateLimited--;
            MockResponse limited = error(429, 971, "Please wait and consider throttling your request speed");
            return retryAfter == null ? limited : limited.newBuilder().addHeader("Retry-After", retryAfter).build();
        }
        if (requests.size() == failAt) return error(502, 10002, "Bad gateway");
        if (serverErrors > 0) {
            serverErrors--;
            return error(502, 10002, "Bad gateway");
        }
        String auth = req.getHeaders().get("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) return error(400, 6003, "Invalid request headers");
        String token = auth.substring("Bearer ".length());
        if (!token.equals(TOKEN) && !token.equals(READ_ONLY)) return error(401, 1000, "Invalid API Token");
        boolean write = !req.getMethod().equals("GET");
        if (write && token.equals(READ_ONLY)) return error(403, 10000, "Authentication error");
        HttpUrl url = req.getUrl();
        List<String> seg = url.pathSegments();
        if (seg.size() < 3 || !seg.get(0).equals("client") || !seg.get(1).equals("v4") || !seg.get(2).equals("zones")) {
            return error(404, 7000, "No route for that URI");
        }
        if (seg.size() == 3 && !write) {
            List<JsonObject> found = new ArrayList<>();
            zones.forEach((id, name) -> {
                if (url.queryParameter("name") == null || url.queryParameter("name").equals(name)) {
                    JsonObject z = new JsonObject();
                    z.addProperty("id", id);
                    z.addProperty("name", name);
                    z.addProperty("status", "active");
                    found.add(z);
                }
            });
            return page(found, url);
        }
        String zoneId = seg.get(3);
        if (!zones.containsKey(zoneId) || seg.size() < 5 || !seg.get(4).equals("dns_records")) {
            return error(404, 7003, "Could not route to " + url.encodedPath() + ", perhaps your object identifier is invalid?");
        }
        return seg.size() == 5 ? collection(req, url, zoneId, body) : one(req, seg.get(5), body);
    }

    private MockResponse collection(RecordedRequest req, HttpUrl url, String zoneId, String body) {
        if (req.getMethod().equals("GET")) {
            List<JsonObject> found = records.stream().filter(r -> r.get("zone_id").getAsString().equals(zoneId))
                    .filter(r -> url.queryParameter("name") == null || r.get("name").getAsString().equals(url.queryParameter("name")))
                    .filter(r -> url.queryParameter("type") == null || r.get("type").getAsString().equals(url.queryParameter("type")))
                    .toList();
            return page(found, url);
        }
        if (!req.getMethod().equals("POST")) return error(405, 10000, "Method not allowed");
        JsonObject in = JsonParser.parseString(body).getAsJsonObject();
        String type = in.get("type").getAsString();
        String name = in.get("name").getAsString();
        Optional<MockResponse> invalid = invalidContent(type, in.get("content").getAsString());
        if (invalid.isPresent()) return invalid.get();
        boolean address = type.equals("A") || type.equals("AAAA") || type.equals("CNAME");
        if (address && records.stream().anyMatch(x -> x.get("zone_id").getAsString().equals(zoneId) && x.get("name").getAsString()
                .equals(name) && (type.equals("CNAME") ? !x.get("type").getAsString().matches("TXT|MX")
                : x.get("type").getAsString().equals("CNAME")))) {
            return error(400, 81053, "An A, AAAA, or CNAME record with that host already exists.");
        }
        JsonObject r = record(zoneId, type, name, stored(type, in.get("content").getAsString()),
                in.has("ttl") ? in.get("ttl").getAsInt() : 1, in.has("proxied") && in.get("proxied").getAsBoolean());
        return ok(r.deepCopy());
    }

    private MockResponse one(RecordedRequest req, String id, String body) {
        JsonObject r = records.stream().filter(x -> x.get("id").getAsString().equals(id)).findFirst().orElse(null);
        if (r == null) return error(404, 81044, "Record does not exist.");
        if (!req.getMethod().equals("PATCH")) return error(405, 10000, "Method not allowed");
        JsonObject in = JsonParser.parseString(body).getAsJsonObject();
        String type = in.has("type") ? in.get("type").getAsString() : r.get("type").getAsString();
        if (in.has("content")) {
            Optional<MockResponse> invalid = invalidContent(type, in.get("content").getAsString());
            if (invalid.isPresent()) return invalid.get();
            in.addProperty("content", stored(type, in.get("content").getAsString()));
        }
        for (String k : in.keySet()) r.add(k, in.get(k));
        return ok(r.deepCopy());
    }

    /** As the API validates an address record's content: HTTP 400 with 9005 (A) or 9006 (AAAA). */
    private static Optional<MockResponse> invalidContent(String type, String content) {
        if (type.equals("A") && !content.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
            return Optional.of(error(400, 9005, "Content for A record must be a valid IPv4 address."));
        }
        if (type.equals("AAAA")) {
            try {
                Ipv6Local.canonicalText(content);
            } catch (IllegalArgumentException e) {
                return Optional.of(error(400, 9006, "Content for AAAA record must be a valid IPv6 address."));
            }
        }
        return Optional.empty();
    }

    /** The API answers an AAAA record's address in its own (compressed, lower-case) spelling, not as it was sent. */
    private static String stored(String type, String content) {
        return type.equals("AAAA") ? Ipv6Local.canonicalText(content) : content;
    }

    private MockResponse page(List<JsonObject> all, HttpUrl url) {
        int perPage = Math.min(pageCap, url.queryParameter("per_page") == null ? 20 : Integer.parseInt(url.queryParameter("per_page")));
        int page = url.queryParameter("page") == null ? 1 : Integer.parseInt(url.queryParameter("page"));
        int pages = Math.max(1, (all.size() + perPage - 1) / perPage);
        JsonArray result = new JsonArray();
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(result::add);
        JsonObject env = envelope(true, result);
        JsonObject info = new JsonObject();
        info.addProperty("page", page);
        info.addProperty("per_page", perPage);
        info.addProperty("count", result.size());
        info.addProperty("total_count", all.size());
        info.addProperty("total_pages", pages);
        env.add("result_info", info);
        return json(200, env);
    }

    private static MockResponse ok(JsonObject result) {
        return json(200, envelope(true, result));
    }

    private static MockResponse error(int status, int code, String message) {
        JsonObject env = envelope(false, null);
        JsonObject e = new JsonObject();
        e.addProperty("code", code);
        e.addProperty("message", message);
        env.getAsJsonArray("errors").add(e);
        return json(status, env);
    }

    private static JsonObject envelope(boolean success, com.google.gson.JsonElement result) {
        JsonObject env = new JsonObject();
        env.addProperty("success", success);
        env.add("errors", new JsonArray());
        env.add("messages", new JsonArray());
        env.add("result", result == null ? com.google.gson.JsonNull.INSTANCE : result);
        return env;
    }

    private static MockResponse json(int status, JsonObject body) {
        return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body.toString()).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
