package dev.homeport.ddns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The dyndns2 protocol: {@code GET /nic/update?hostname=a,b&myip=IP} with Basic auth; the answer has one status line
 * per hostname in request order. Hostnames and the address are not percent-encoded, as every dyndns2 server expects.
 */
final class Dyndns2Protocol implements UpdateProtocol {
    /** Dyn's limit per request. */
    static final int MAX_HOSTS = 20;

    private final HttpUrl endpoint;
    private final Optional<String> username;
    private final Secret secret;
    private final boolean hostIsUser;
    private final Provider provider;
    private final ProviderHttp http;

    Dyndns2Protocol(OkHttpClient client, DdnsSettings settings) {
        this.endpoint = HttpUrl.get(settings.updateUrl());
        this.username = settings.username();
        this.secret = settings.secret();
        this.hostIsUser = settings.provider().onePerRequest();
        this.provider = settings.provider();
        this.http = new ProviderHttp(client, settings.secret());
    }

    @Override
    public int maxHostsPerRequest() {
        return hostIsUser ? 1 : MAX_HOSTS;
    }

    @Override
    public Reply send(List<String> hosts, String ip) {
        HttpUrl url = url(hosts, ip);
        String auth = Credentials.basic(user(hosts), secret.reveal(), StandardCharsets.UTF_8);
        return http.get(url, auth, url.toString(), body -> parse(hosts, body));
    }

    @Override
    public String describe(List<String> hosts, String ip) {
        return "GET " + url(hosts, ip) + " with Basic auth as " + user(hosts);
    }

    @Override
    public boolean supportsIpv6() {
        return provider.takesIpv6();
    }

    private HttpUrl url(List<String> hosts, String ip) {
        String myip = "&myip=" + ip;
        if (provider.ipv6Separate() && ip.contains(":")) {
            // Dynu: myip=no stops it from taking the connecting address as the A record (behind CGNAT, the wrong one).
            Addresses a = Addresses.parse(ip);
            myip = "&myip=" + a.v4().orElse("no") + "&myipv6=" + a.v6().orElseThrow();
        }
        return endpoint.newBuilder().encodedQuery("hostname=" + String.join(",", hosts) + myip).build();
    }

    private String user(List<String> hosts) {
        return hostIsUser ? hosts.get(0) : username.orElse("");
    }

    /**
     * Matches answer lines to hostnames as the reference client does: line i answers host i; a single line for
     * several hosts applies to all of them (account-wide answers come once); extra lines are reported and ignored;
     * a host without a line has failed.
     */
    static Reply.Answers parse(List<String> hosts, String body) {
        List<String> lines = body.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<Answer> answers = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (lines.size() == 1 && hosts.size() > 1) {
            Answer one = Answer.dyndns2(hosts.get(0), lines.get(0));
            if (one.code() == Answer.Code.GOOD || one.code() == Answer.Code.NOCHG) {
                warnings.add("the provider sent one successful result for " + hosts.size() + " hostnames; taking it for all");
            }
            for (String h : hosts) answers.add(Answer.dyndns2(h, lines.get(0)));
        } else {
            for (int i = 0; i < hosts.size(); i++) {
                answers.add(i < lines.size() ? Answer.dyndns2(hosts.get(i), lines.get(i))
                        : new Answer(hosts.get(i), Answer.Code.UNKNOWN, ""));
            }
            if (lines.size() > hosts.size()) {
                warnings.add("unexpected extra lines in the answer: "
                        + Answer.oneLine(String.join(" | ", lines.subList(hosts.size(), lines.size()))));
            }
        }
        return new Reply.Answers(answers, warnings, Answer.oneLine(String.join(" | ", lines)));
    }
}
