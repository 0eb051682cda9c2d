package dev.homeport.ddns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * DuckDNS's own API: {@code GET /update?domains=a,b&token=T&ip=IP&verbose=true}; the answer is {@code OK} or
 * {@code KO} for the whole request, verbose adds the address and {@code UPDATED} or {@code NOCHANGE}.
 */
final class DuckDnsProtocol implements UpdateProtocol {
    private static final String SUFFIX = ".duckdns.org";

    private final HttpUrl endpoint;
    private final Secret token;
    private final ProviderHttp http;

    DuckDnsProtocol(OkHttpClient client, DdnsSettings settings) {
        this.endpoint = HttpUrl.get(settings.updateUrl());
        this.token = settings.secret();
        this.http = new ProviderHttp(client, settings.secret());
    }

    @Override
    public int maxHostsPerRequest() {
        return Dyndns2Protocol.MAX_HOSTS;
    }

    @Override
    public Reply send(List<String> hosts, String ip) {
        HttpUrl url = builder(hosts, ip).addQueryParameter("token", token.reveal()).build();
        String shown = builder(hosts, ip).addQueryParameter("token", "(secret)").build().toString();
        return http.get(url, null, shown, body -> parse(hosts, body));
    }

    @Override
    public String describe(List<String> hosts, String ip) {
        return "GET " + builder(hosts, ip).addQueryParameter("token", "(secret)").build();
    }

    @Override
    public boolean supportsIpv6() {
        return true;
    }

    private HttpUrl.Builder builder(List<String> hosts, String ip) {
        List<String> names = hosts.stream().map(h -> h.endsWith(SUFFIX) ? h.substring(0, h.length() - SUFFIX.length()) : h)
                .toList();
        Addresses a = Addresses.parse(ip);
        // ip= empty would let DuckDNS take the connecting address: send ip= only with an IPv4 address.
        String query = "domains=" + String.join(",", names) + a.v4().map(v4 -> "&ip=" + v4).orElse("")
                + a.v6().map(v6 -> "&ipv6=" + v6).orElse("") + "&verbose=true";
        return endpoint.newBuilder().encodedQuery(query);
    }

    static Reply.Answers parse(List<String> hosts, String body) {
        List<String> lines = body.lines().map(String::strip).toList();
        String first = lines.isEmpty() ? "" : lines.get(0).toUpperCase(Locale.ROOT);
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).toUpperCase(Locale.ROOT);
        Answer.Code code = switch (first) {
            case "OK" -> last.equals("NOCHANGE") ? Answer.Code.NOCHG : Answer.Code.GOOD;
            case "KO" -> Answer.Code.LATCH;
            default -> Answer.Code.UNKNOWN;
        };
        String raw = Answer.oneLine(String.join(" ", lines));
        List<Answer> answers = new ArrayList<>();
        for (String h : hosts) answers.add(new Answer(h, code, raw));
        return new Reply.Answers(answers, List.of(), raw);
    }
}
