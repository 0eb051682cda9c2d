package dev.homeport.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks one DNS server directly (the zone's primary, for provider rfc2136) instead of the system resolver, so the
 * answer is the authoritative one and not a cached copy that is still waiting out its TTL.
 */
final class ServerResolver implements Resolver {
    private final String server;
    private final Duration timeout;

    /** @param server {@code host}, {@code host:port} or {@code [v6]:port} */
    ServerResolver(String server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    @Override
    public Lookup resolve(String hostname) {
        try {
            SimpleResolver r = resolver();
            Optional<List<String>> v4 = ask(r, hostname, Type.A);
            Optional<List<String>> v6 = ask(r, hostname, Type.AAAA);
            if (v4.isEmpty() || v6.isEmpty()) return Lookup.failed(server + " did not answer for " + hostname);
            return new Lookup(v4.get(), v6.get(), Optional.empty());
        } catch (UnknownHostException e) {
            return Lookup.failed("cannot resolve the DNS server " + server);
        } catch (IOException e) {
            return Lookup.failed("no answer from " + server + " within " + timeout.toSeconds() + " s");
        }
    }

    /** The addresses of one type; empty for an error RCODE other than NXDOMAIN. */
    private static Optional<List<String>> ask(SimpleResolver r, String hostname, int type) throws IOException {
        Name name;
        try {
            name = Name.fromString(hostname.endsWith(".") ? hostname : hostname + ".");
        } catch (TextParseException e) {
            return Optional.of(List.of());
        }
        Message answer = r.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
        if (answer.getRcode() == Rcode.NXDOMAIN) return Optional.of(List.of());
        if (answer.getRcode() != Rcode.NOERROR) return Optional.empty();
        List<String> out = new ArrayList<>();
        for (Record rec : answer.getSection(Section.ANSWER)) {
            if (rec instanceof ARecord a) out.add(a.getAddress().getHostAddress());
            if (rec instanceof AAAARecord a) out.add(a.getAddress().getHostAddress());
        }
        return Optional.of(out);
    }

    private SimpleResolver resolver() throws UnknownHostException {
        String host = server;
        int port = 53;
        int colon = server.lastIndexOf(':');
        boolean hasPort = colon > 0 && server.indexOf(']') < colon && (server.startsWith("[") || server.indexOf(':') == colon);
        if (hasPort) {
            host = server.substring(0, colon);
            port = Integer.parseInt(server.substring(colon + 1));
        }
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
        r.setTimeout(timeout);
        return r;
    }
}
