package dev.homeport.ddns;

import dev.homeport.core.HomeportException.Kind;
import dev.homeport.net.BoundedBody;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The address a web IP-echo service sees ({@code ip-url}), e.g. a page answering {@code 192.0.2.1} or
 * {@code Current IP Address: 192.0.2.1}: the first valid IPv4 address in the body is taken, headers are ignored.
 */
public final class EchoAddressSource implements AddressSource {
    private static final Pattern QUAD = Pattern.compile("(?<![0-9.])(\\d{1,3}(?:\\.\\d{1,3}){3})(?![0-9.])");
    private static final int MAX_BODY = 64 * 1024;

    private final OkHttpClient http;
    private final String url;

    public EchoAddressSource(OkHttpClient http, String url) {
        this.http = http;
        this.url = url;
    }

    @Override
    public String describe() {
        return url + " (ip-url)";
    }

    /**
     * Asks the echo service.
     *
     * @throws DdnsException (DDNS_FAILED) when it does not answer 200 with an IPv4 address in time
     */
    @Override
    public String address() {
        Request request = new Request.Builder().url(url).get().header("Connection", "close").build();
        try (Response r = http.newCall(request).execute()) {
            if (r.code() != 200) {
                throw failure("answered HTTP " + r.code());
            }
            String text = BoundedBody.readUtf8(r.body(), MAX_BODY);
            String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
            return first(text).orElseThrow(() -> failure("answered without an IPv4 address: '" + Answer.oneLine(shown) + "'"));
        } catch (BoundedBody.TooLargeException e) {
            throw failure("answered with more than " + MAX_BODY + " bytes (refused)");
        } catch (IOException e) {
            throw failure("did not answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The first valid dotted quad in {@code text}. */
    static Optional<String> first(String text) {
        Matcher m = QUAD.matcher(text);
        while (m.find()) {
            String s = m.group(1);
            if (dev.homeport.net.Ipv4.isValid(s)) return Optional.of(s);
        }
        return Optional.empty();
    }

    private DdnsException failure(String what) {
        return new DdnsException(Kind.DDNS_FAILED, "the IP-echo service " + url + " " + what,
                "check 'ip-url' in the ddns section, or use 'ip-source: router'", null);
    }
}
