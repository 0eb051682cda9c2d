package dev.homeport.webadmin.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The HTTP plumbing both emulators share: a single-threaded server (like the routers' httpds), Basic-auth
 * checking, request parsing with the raw path kept (SerComm paths carry a literal '&'), a log of every request,
 * and an unauthenticated {@code /__emulator/state} text page for tests that run the emulator as a process.
 */
public abstract class RouterEmulator implements AutoCloseable {

    /** One request as the emulator saw it. */
    public record Request(String method, String path, String query, Map<String, String> params, List<String> fieldNames,
                          Map<String, String> headers, String clientIp) {
        /** The value of a query or form parameter, or "". */
        public String param(String name) {
            return params.getOrDefault(name, "");
        }

        public boolean has(String name) {
            return params.containsKey(name);
        }

        /** The cookie's value, if sent. */
        public Optional<String> cookie(String name) {
            String h = headers.getOrDefault("cookie", "");
            for (String part : h.split(";")) {
                String p = part.strip();
                if (p.startsWith(name + "=")) return Optional.of(p.substring(name.length() + 1));
            }
            return Optional.empty();
        }
    }

    /** A response to send. */
    public record Response(int status, Map<String, String> headers, String body) {
        static Response html(String body) {
            return new Response(200, Map.of("Content-Type", "text/html"), body);
        }

        static Response text(int status, String body) {
            return new Response(status, Map.of("Content-Type", "text/plain"), body);
        }
    }

    private final String user;
    private final String password;
    private final List<Request> requests = new ArrayList<>();
    private byte[] lastLoginBytes = new byte[0];
    private HttpServer server;
    private NftForwards nft;

    protected RouterEmulator(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** Starts serving on {@code address:port} (port 0: any free port). */
    public synchronized RouterEmulator start(InetAddress address, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 8);
        server.createContext("/", this::exchange);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, getClass().getSimpleName());
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return this;
    }

    /** Starts on loopback, any free port. */
    public RouterEmulator start() throws IOException {
        return start(InetAddress.getLoopbackAddress(), 0);
    }

    /** The admin URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** Every request so far. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        if (server != null) server.stop(0);
        synchronized (this) {
            if (nft != null) nft.close();
        }
    }

    /**
     * From now on, mirrors {@link #forwards()} as real nftables DNAT rules arriving on {@code wanInterface} (for a
     * process run in the lab's router namespace; see {@link NftForwards}); {@link #close} removes them.
     */
    public synchronized RouterEmulator applyForwardsWithNft(String wanInterface) throws IOException {
        nft = new NftForwards(wanInterface);
        nft.apply(forwards());
        return this;
    }

    /** Handles one authenticated-or-not request; subclasses implement the firmware. */
    protected abstract Response handle(Request request);

    /** The port forwards the firmware's current settings put in force (what its NAT would do). */
    protected abstract List<NftForwards.Forward> forwards();

    /** A plain-text dump of the state for {@code /__emulator/state}. */
    public abstract String stateText();

    /**
     * The httpd's check: the Base64-decoded bytes must be exactly the bytes the router stored. Both firmware families
     * set the password through a page declared UTF-8 ({@code PWD_password.htm}), so what they store, and what a
     * browser then sends in Basic, is the UTF-8 of what the owner typed; any other byte (a '?', a Latin-1 byte) fails.
     */
    protected final boolean credentialsOk(Request r) {
        String h = r.headers().getOrDefault("authorization", "");
        if (!h.regionMatches(true, 0, "Basic ", 0, 6)) return false;
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(h.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        synchronized (this) {
            lastLoginBytes = decoded.clone();
        }
        return java.util.Arrays.equals(decoded, (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes of the last Basic login received ({@code user:password}), for tests that check what was sent. */
    public synchronized byte[] lastLoginBytes() {
        return lastLoginBytes.clone();
    }

    protected final boolean hasCredentials(Request r) {
        return r.headers().containsKey("authorization");
    }

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            String rawPath = ex.getRequestURI().getRawPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join("; ", v)));
            Map<String, String> params = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            parse(rawQuery, params, names);
            String body = "";
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<String> fieldNames = new ArrayList<>();
            if (ex.getRequestMethod().equals("POST")) parse(body, params, fieldNames);
            String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
            Request r = new Request(ex.getRequestMethod(), path, rawQuery == null ? "" : rawQuery, Map.copyOf(params),
                    List.copyOf(fieldNames), Map.copyOf(headers), ex.getRemoteAddress().getAddress().getHostAddress());
            Response resp;
            synchronized (this) {
                if (path.equals("/__emulator/state")) {
                    resp = Response.text(200, stateText());
                } else {
                    requests.add(r);
                    resp = handle(r);
                    if (nft != null) nft.apply(forwards());
                }
            }
            byte[] bytes = resp.body().getBytes(StandardCharsets.UTF_8);
            resp.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.getResponseHeaders().add("Connection", "close");
            ex.sendResponseHeaders(resp.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static void parse(String encoded, Map<String, String> into, List<String> names) {
        if (encoded == null || encoded.isEmpty()) return;
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.putIfAbsent(k, v);
            names.add(k);
        }
    }

    /** HTML-escapes text for page bodies. */
    protected static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** True when {@code ip} is a host address inside {@code lan/prefix} and not the router's own. */
    protected static boolean inLan(String ip, String routerIp, int prefix) {
        long a = parseIp(ip);
        long r = parseIp(routerIp);
        if (a < 0 || r < 0 || a == r) return false;
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        long host = a & ~mask & 0xFFFFFFFFL;
        return (a & mask) == (r & mask) && host != 0 && host != (~mask & 0xFFFFFFFFL);
    }

    protected static long parseIp(String ip) {
        String[] p = ip == null ? new String[0] : ip.split("\\.", -1);
        if (p.length != 4) return -1;
        long v = 0;
        for (String s : p) {
            if (!s.matches("\\d{1,3}") || Integer.parseInt(s) > 255) return -1;
            v = (v << 8) | Integer.parseInt(s);
        }
        return v;
    }

    /**
     * The emulators' main: starts {@code e} on {@code --bind}:{@code --port}; with {@code --nft-wan IFNAME} its forwards
     * become nftables DNAT rules on that interface, removed when the process is stopped (SIGTERM).
     */
    protected static void serve(RouterEmulator e, Map<String, String> a) throws Exception {
        e.start(InetAddress.getByName(a.get("--bind")), Integer.parseInt(a.get("--port")));
        if (a.containsKey("--nft-wan")) {
            e.applyForwardsWithNft(a.get("--nft-wan"));
            Runtime.getRuntime().addShutdownHook(new Thread(e::close, "emulator-nft-cleanup"));
        }
        System.out.println("serving " + e.url());
        Thread.currentThread().join();
    }

    /** Parses {@code --bind A --port N --lan IP/P --user U --password P} for the emulators' main methods. */
    protected static Map<String, String> args(String[] argv) {
        Map<String, String> m = new LinkedHashMap<>(Map.of("--bind", "127.0.0.1", "--port", "8080", "--user", "admin",
                "--password", "password"));
        for (int i = 0; i + 1 < argv.length; i += 2) m.put(argv[i], argv[i + 1]);
        return m;
    }
}
