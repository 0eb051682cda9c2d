package dev.homeport.ddns;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.homeport.net.Ipv6Local;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cloudflare's API v4 with an API token (Bearer): finds the zone's id by name and the name's address record, then
 * creates it (POST) or changes its content (PATCH, so its TTL and proxy setting stay unless configured). Only the one
 * address record of each configured name is ever written; a name with several such records is left alone.
 */
final class CloudflareProtocol implements UpdateProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(CloudflareProtocol.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final long MAX_BODY = 512 * 1024;
    private static final int MAX_PAGES = 20;
    private static final Duration MIN_PAUSE = Duration.ofMinutes(1);

    private final OkHttpClient http;
    private final HttpUrl base;
    private final Config zone;
    private final Secret token;
    private final Clock clock;

    /** The zone settings used here. */
    private record Config(String name, Optional<Integer> ttl, Optional<Boolean> proxied) {
    }

    /** @param clock for a {@code Retry-After} given as a date */
    CloudflareProtocol(OkHttpClient http, DdnsSettings settings, Clock clock) {
        this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.base = HttpUrl.get(settings.updateUrl());
        dev.homeport.config.Config.Zone z = settings.zone().orElseThrow();
        this.zone = new Config(z.name(), z.ttl(), z.proxied());
        this.token = settings.secret();
        this.clock = clock;
    }

    @Override
    public int maxHostsPerRequest() {
        return 1;
    }

    @Override
    public boolean supportsIpv6() {
        return true;
    }

    @Override
    public boolean recordsPerFamily() {
        return true;
    }

    @Override
    public String describe(List<String> hosts, String ip) {
        Addresses a = Addresses.parse(ip);
        List<String> sets = new ArrayList<>();
        for (Family f : Family.values()) {
            f.of(a).ifPresent(v -> sets.add("the " + f.recordType() + " record of " + String.join(", ", hosts) + " in zone "
                    + zone.name() + " to " + v));
        }
        return "Cloudflare API " + base + ": set " + String.join(", and ", sets) + zone.ttl().map(t -> " ttl " + t).orElse("")
                + zone.proxied().map(p -> " proxied " + p).orElse("");
    }

    /**
     * Sets the record of each family in {@code ip} for the one host: A, then AAAA. The name's other records (and the
     * family not sent) are never written. When the second family fails after the first was written, the reply is the
     * failure; the next run finds the first already right and writes nothing for it.
     */
    @Override
    public Reply send(List<String> hosts, String ip) {
        String host = hosts.get(0);
        Addresses addresses = Addresses.parse(ip);
        try {
            String zoneId = zoneId();
            HttpUrl collection = base.newBuilder().addPathSegment("zones").addPathSegment(zoneId).addPathSegment("dns_records").build();
            List<JsonObject> named = list(collection.newBuilder().addQueryParameter("name", host).build());
            List<String> done = new ArrayList<>();
            for (Family f : Family.values()) {
                Optional<String> address = f.of(addresses);
                if (address.isPresent()) done.add(set(collection, named, host, f.recordType(), address.get()));
            }
            return new Reply.Answers(List.of(new Answer(host, Answer.Code.GOOD, "success " + addresses.text())), List.of(),
                    "success (" + String.join("; ", done) + ")");
        } catch (Stop stop) {
            return stop.reply;
        }
    }

    /** Creates or updates {@code host}'s one record of {@code type}; says what it did. */
    private String set(HttpUrl collection, List<JsonObject> named, String host, String type, String ip) {
        List<JsonObject> records = named.stream().filter(r -> type.equals(text(r, "type")) && host.equalsIgnoreCase(text(r, "name")))
                .toList();
        if (records.size() > 1) {
            throw new Stop(new Reply.Fatal("several " + type + " records", host + " has " + records.size() + " " + type
                    + " records at Cloudflare; homeport changes only a name with one: delete the extra ones"));
        }
        if (records.isEmpty()) {
            // A new AAAA beside an existing A (or the reverse) takes its proxy setting and TTL, unless configured: a
            // proxied name must not start handing out this host's own address to visitors of the other family.
            Optional<JsonObject> sibling = named.stream().filter(r -> (type.equals("A") ? "AAAA" : "A").equals(text(r, "type"))
                    && host.equalsIgnoreCase(text(r, "name"))).findFirst();
            JsonObject body = new JsonObject();
            body.addProperty("type", type);
            body.addProperty("name", host);
            body.addProperty("content", ip);
            body.addProperty("ttl", zone.ttl().orElse(sibling.map(r -> number(r, "ttl")).filter(t -> t > 0).orElse(1)));
            body.addProperty("proxied", zone.proxied().orElse(sibling.map(r -> "true".equals(text(r, "proxied"))).orElse(false)));
            call("POST", collection, body);
            return "created the " + type + " record";
        }
        JsonObject existing = records.get(0);
        boolean same = sameAddress(ip, text(existing, "content")) && zone.ttl().map(t -> t == number(existing, "ttl")).orElse(true)
                && zone.proxied().map(p -> p.toString().equals(text(existing, "proxied"))).orElse(true);
        if (same) return "the " + type + " record already had it; nothing written";
        JsonObject body = new JsonObject();
        body.addProperty("content", ip);
        zone.ttl().ifPresent(t -> body.addProperty("ttl", t));
        zone.proxied().ifPresent(p -> body.addProperty("proxied", p));
        call("PATCH", collection.newBuilder().addPathSegment(text(existing, "id")).build(), body);
        return "updated the " + type + " record";
    }

    /** Equal addresses; IPv6 compared in canonical form, since the API may spell it differently from us. */
    private static boolean sameAddress(String ours, String theirs) {
        if (ours.indexOf(':') < 0) return ours.equals(theirs);
        try {
            return Ipv6Local.canonicalText(ours).equals(Ipv6Local.canonicalText(theirs));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The zone's id: the zone list filtered by name, as the token can see it. */
    private String zoneId() {
        List<JsonObject> zones = list(base.newBuilder().addPathSegment("zones").addQueryParameter("name", zone.name()).build());
        return zones.stream().filter(z -> zone.name().equalsIgnoreCase(text(z, "name"))).map(z -> text(z, "id"))
                .filter(id -> id.matches("[A-Za-z0-9]{1,64}")).findFirst()
                .orElseThrow(() -> new Stop(new Reply.Fatal("zone not found", "Cloudflare shows no zone " + zone.name()
                        + " to this token: check the zone name, and that the token has Zone Read and DNS Edit for it")));
    }

    /** Every page of a list ({@code result_info.total_pages}), at most {@value #MAX_PAGES} pages. */
    private List<JsonObject> list(HttpUrl url) {
        List<JsonObject> out = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonObject env = call("GET", url.newBuilder().addQueryParameter("page", Integer.toString(page))
                    .addQueryParameter("per_page", "100").build(), null);
            JsonElement result = env.get("result");
            if (result == null || !result.isJsonArray()) throw new Stop(unexpected("a list result"));
            for (JsonElement e : (JsonArray) result) {
                if (e.isJsonObject()) out.add(e.getAsJsonObject());
            }
            int pages = env.has("result_info") && env.get("result_info").isJsonObject()
                    ? number(env.getAsJsonObject("result_info"), "total_pages") : 1;
            if (page >= pages) return out;
        }
        throw new Stop(unexpected("at most " + MAX_PAGES + " pages"));
    }

    /** One API call; any answer but a successful envelope becomes a {@link Stop} carrying the reply for the updater. */
    private JsonObject call(String method, HttpUrl url, JsonObject body) {
        Request.Builder rb = new Request.Builder().url(url).header("Authorization", "Bearer " + token.reveal())
                .method(method, body == null ? null : RequestBody.create(body.toString(), JSON));
        LOG.debug("{} {}", method, url);
        try (Response response = http.newCall(rb.build()).execute()) {
            int code = response.code();
            String text = readBody(response.body());
            JsonObject env = envelope(text);
            if (code >= 200 && code < 300 && succeeded(env)) return env;
            throw new Stop(failure(code, env, response.header("Retry-After")));
        } catch (IOException e) {
            String why = e instanceof InterruptedIOException ? "no answer in time (timeout)"
                    : e instanceof dev.homeport.net.BoundedBody.TooLargeException ? "an answer larger than " + MAX_BODY / 1024 + " KiB"
                    : "no answer (" + e.getClass().getSimpleName().replace("Exception", "").toLowerCase(java.util.Locale.ROOT) + ")";
            throw new Stop(new Reply.Trouble(Reply.Trouble.Kind.NETWORK, 0, why + " (" + url.host() + ")"));
        }
    }

    /** Cloudflare's answers mapped to the updater's rules: token and permission problems latch, a rate limit pauses. */
    Reply failure(int status, JsonObject env, String retryAfter) {
        List<Integer> codes = new ArrayList<>();
        String first = "";
        if (env != null && env.has("errors") && env.get("errors").isJsonArray()) {
            for (JsonElement e : env.getAsJsonArray("errors")) {
                if (!e.isJsonObject()) continue;
                codes.add(number(e.getAsJsonObject(), "code"));
                if (first.isEmpty()) first = redact(text(e.getAsJsonObject(), "message"));
            }
        }
        String said = codes.isEmpty() ? "HTTP " + status + (status / 100 == 2 ? " without \"success\": true" : "")
                : "HTTP " + status + ", error " + codes.get(0) + (first.isEmpty() ? "" : " " + first);
        if (status == 429 || codes.contains(10429) || codes.contains(971)) {
            Optional<Duration> asked = retryAfter(retryAfter, clock.instant());
            // The updater bounds every hold (DdnsUpdater.MAX_WAIT) and says so when it cut this one.
            Duration wait = asked.map(w -> w.compareTo(MIN_PAUSE) < 0 ? MIN_PAUSE : w).orElse(DdnsUpdater.HOLD);
            String asks = asked.isEmpty() ? "no usable Retry-After, so " + DdnsUpdater.HOLD.toMinutes() + " minutes"
                    : retryAfter.strip().matches("\\d+") ? "it asks to wait " + Answer.oneLine(retryAfter, 40) + " s"
                    : "it asks to wait until " + Answer.oneLine(redact(retryAfter), 40);
            return new Reply.Pause("HTTP " + status + (codes.isEmpty() ? "" : " error " + codes.get(0)),
                    "Cloudflare's rate limit: " + asks, wait);
        }
        if (status == 401 || codes.contains(1000) || codes.contains(9109) || codes.contains(6003) || codes.contains(6111)
                || codes.contains(10001)) {
            return new Reply.Fatal("invalid token (" + said + ")", "Cloudflare refused the API token (invalid, expired or revoked):"
                    + " put a valid token in token-file");
        }
        if (status == 403 || codes.contains(10000)) {
            return new Reply.Fatal("permission denied (" + said + ")", "the API token lacks a permission: it needs Zone Read and"
                    + " DNS Edit for zone " + zone.name());
        }
        if (codes.contains(81053) || codes.contains(81054)) {
            return new Reply.Fatal("record conflict (" + said + ")", "the name has a CNAME record at Cloudflare, and an address"
                    + " record cannot sit beside it: delete the CNAME, or use another hostname");
        }
        if (status >= 500) return new Reply.Trouble(Reply.Trouble.Kind.SERVER, status, "Cloudflare: " + said);
        return new Reply.Trouble(Reply.Trouble.Kind.HTTP, status, "Cloudflare: " + said);
    }

    /**
     * The wait a {@code Retry-After} header asks for (RFC 9110: seconds, or an HTTP-date): a date in the past is no
     * wait; a number too large for a {@code long} is the longest wait. Empty when absent or neither form (a negative or
     * fractional number, text).
     */
    static Optional<Duration> retryAfter(String header, Instant now) {
        String h = header == null ? "" : header.strip();
        if (h.matches("\\d{1,18}")) return Optional.of(Duration.ofSeconds(Long.parseLong(h)));
        if (h.matches("\\d+")) return Optional.of(Duration.ofSeconds(Long.MAX_VALUE));
        if (h.isEmpty() || h.length() > 64) return Optional.empty();
        try {
            Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@code "success": true} exactly: anything else a hostile or broken server puts there is not a success. */
    private static boolean succeeded(JsonObject env) {
        JsonElement s = env == null ? null : env.get("success");
        return s != null && s.isJsonPrimitive() && s.getAsJsonPrimitive().isBoolean() && s.getAsBoolean();
    }

    private static JsonObject envelope(String text) {
        try {
            JsonElement e = JsonParser.parseString(text);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException | IllegalStateException | StackOverflowError e) {
            return null;
        }
    }

    private Reply unexpected(String what) {
        return new Reply.Trouble(Reply.Trouble.Kind.HTTP, 200, "Cloudflare's answer does not have " + what);
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    private static int number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        try {
            return e != null && e.isJsonPrimitive() ? e.getAsInt() : 0;
        } catch (NumberFormatException | UnsupportedOperationException ex) {
            return 0;
        }
    }

    /** The server's text, on one line, without control characters or the token (in case it is echoed). */
    private String redact(String text) {
        String t = token.reveal();
        String s = t.length() < 3 ? text : text.replace(t, "****");
        return Answer.oneLine(s);
    }

    private static String readBody(ResponseBody body) throws IOException {
        return body == null ? "" : dev.homeport.net.BoundedBody.readUtf8(body, MAX_BODY);
    }

    /** Ends a send early with the reply to give. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Reply reply;

        Stop(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }
}
