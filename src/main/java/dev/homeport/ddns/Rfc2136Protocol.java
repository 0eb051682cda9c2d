package dev.homeport.ddns;

import dev.homeport.net.Ipv6Local;
import java.io.IOException;
import java.io.InterruptedIOException;
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
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 2136 dynamic update signed with TSIG (RFC 8945), as {@code nsupdate} sends it: one UPDATE message replaces the
 * address RRset (A for an IPv4 address, AAAA for IPv6) of every name at once, which the server applies atomically.
 * The answer's RCODE and TSIG are checked, then the server is asked for the names to confirm it serves the address.
 */
final class Rfc2136Protocol implements UpdateProtocol {
    /** How long to wait for each answer; dnsjava's default is 10 s, too long for a cron run. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** An UPDATE has one zone, so every name goes into one message; this only bounds its size. */
    static final int MAX_HOSTS = 50;
    private static final Logger LOG = LoggerFactory.getLogger(Rfc2136Protocol.class);

    private final String server;
    private final Name zone;
    private final long ttl;
    private final TsigKey key;
    private final Duration timeout;

    Rfc2136Protocol(DdnsSettings settings, TsigKey key, Duration timeout) {
        this.server = settings.updateUrl().substring("dns://".length(), settings.updateUrl().lastIndexOf('/'));
        this.zone = absolute(settings.zone().orElseThrow().name());
        this.ttl = settings.zone().orElseThrow().ttl().orElse(300);
        this.key = key;
        this.timeout = timeout;
    }

    @Override
    public int maxHostsPerRequest() {
        return MAX_HOSTS;
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
        return "DNS UPDATE to " + server + " zone " + zone + " (TSIG key " + key.name() + ", " + key.algorithm() + "): replace "
                + types(a) + " of " + String.join(", ", hosts) + " with " + String.join(", ", a.v4().stream().toList())
                + (a.v4().isPresent() && a.v6().isPresent() ? ", " : "") + a.v6().orElse("") + " ttl " + ttl;
    }

    /** {@code A}, {@code AAAA} or {@code A and AAAA}: the RRsets an update of {@code a} replaces. */
    private static String types(Addresses a) {
        List<String> parts = new ArrayList<>();
        for (Family f : Family.values()) f.of(a).ifPresent(ip -> parts.add(f.recordType()));
        return String.join(" and ", parts);
    }

    /**
     * One UPDATE replacing, for every name, the RRset of each family in {@code ip} ({@code v4}, {@code v6} or
     * {@code v4,v6}); the server applies it atomically, so both records change or neither does.
     */
    @Override
    public Reply send(List<String> hosts, String ip) {
        Addresses addresses = Addresses.parse(ip);
        SimpleResolver resolver;
        Update update = new Update(zone);
        try {
            resolver = resolver();
            for (String h : hosts) {
                for (Family f : Family.values()) {
                    Optional<String> address = f.of(addresses);
                    if (address.isEmpty()) continue;
                    update.delete(absolute(h), type(f));
                    update.add(absolute(h), type(f), ttl, address.get());
                }
            }
        } catch (UnknownHostException e) {
            return new Reply.Trouble(Reply.Trouble.Kind.NETWORK, 0, "cannot resolve " + host());
        } catch (IOException e) {
            return new Reply.Trouble(Reply.Trouble.Kind.HTTP, 0, "cannot build the update: " + e.getClass().getSimpleName());
        }
        LOG.debug("UPDATE {} zone {}: {} {} -> {}", server, zone, types(addresses), hosts, addresses.text());
        Message answer;
        try {
            answer = resolver.send(update);
        } catch (IOException e) {
            return unanswered(e);
        }
        Optional<Reply> refused = classify(answer.getRcode(), answer.getTSIG() == null ? Rcode.NOERROR : answer.getTSIG().getError(),
                answer.isVerified());
        if (refused.isPresent()) return refused.get();
        return verify(resolver, hosts, addresses);
    }

    /**
     * What an UPDATE answer means when it is not a verified success. Only an answer whose TSIG verifies with our key can
     * latch (answers only the user can fix) or hold (server trouble): anyone on the path can forge an unsigned answer,
     * and a real server's BADKEY or BADSIG cannot be signed either (RFC 8945 5.3.2), so an unsigned error is no proof. It
     * fails this run, saying what it claimed and that it was not signed, and a later run tries again (with the usual
     * backoff).
     *
     * @param rcode     the answer's RCODE (extended)
     * @param tsigError the error field of the answer's TSIG record, 0 if none
     * @param verified  whether the answer's TSIG verified with our key
     * @return empty when the answer is a verified NOERROR
     */
    static Optional<Reply> classify(int rcode, int tsigError, boolean verified) {
        if (verified && rcode == Rcode.NOERROR && tsigError == Rcode.NOERROR) return Optional.empty();
        Optional<Reply> meant = meaning(rcode, tsigError);
        if (verified) {
            return Optional.of(meant.orElseGet(() -> new Reply.Trouble(Reply.Trouble.Kind.HTTP, 0, "the server answered "
                    + Rcode.string(rcode))));
        }
        if (rcode == Rcode.NOERROR && tsigError == Rcode.NOERROR) {
            return Optional.of(new Reply.Trouble(Reply.Trouble.Kind.HTTP, 0,
                    "the server's answer is not signed with the TSIG key, so it cannot be trusted"));
        }
        String word = tsigError != Rcode.NOERROR ? Rcode.TSIGstring(tsigError) : Rcode.string(rcode);
        String why = meant.map(r -> r instanceof Reply.Fatal f ? " (" + f.reason() + ")" : r instanceof Reply.Pause p ? " (" + p.reason()
                + ")" : "").orElse("");
        return Optional.of(new Reply.Trouble(Reply.Trouble.Kind.HTTP, 0, "the server answered " + word + why + ", but the answer"
                + " is not signed with the TSIG key, so it may be forged: updates stay on and a later run tries again"));
    }

    /** The latch or hold an answer calls for, were it verified; empty for answers that are only failures. */
    private static Optional<Reply> meaning(int rcode, int tsigError) {
        if (tsigError == Rcode.BADKEY || tsigError == Rcode.BADSIG || tsigError == Rcode.BADTIME) {
            String word = Rcode.TSIGstring(tsigError);
            return Optional.of(new Reply.Fatal(word, switch (tsigError) {
                case Rcode.BADKEY -> "the server does not know this TSIG key name and algorithm";
                case Rcode.BADSIG -> "the server knows the key name but the secret does not match";
                default -> "the server and this host disagree on the time by more than 5 minutes (TSIG BADTIME): fix the clock";
            } + ": check tsig-key-file against the server's key"));
        }
        return switch (rcode) {
            case Rcode.NOTAUTH -> Optional.of(new Reply.Fatal("NOTAUTH",
                    "the server is not authoritative for the zone, or refused the key for it: check server, zone and the key"));
            case Rcode.REFUSED -> Optional.of(new Reply.Fatal("REFUSED",
                    "the server refused the update: its update-policy or allow-update does not grant this key these names"));
            case Rcode.NOTZONE -> Optional.of(new Reply.Fatal("NOTZONE", "a name is not in the zone: check zone and hostnames"));
            case Rcode.NOTIMP -> Optional.of(new Reply.Fatal("NOTIMP", "the server does not accept dynamic updates"));
            case Rcode.SERVFAIL -> Optional.of(new Reply.Pause("SERVFAIL", "the server failed to apply the update", DdnsUpdater.HOLD));
            default -> Optional.empty();
        };
    }

    private Reply unanswered(IOException e) {
        String cause = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof InterruptedIOException || cause.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
            return new Reply.Pause("timeout", "no answer from " + server + " within " + timeout.toSeconds() + " s", DdnsUpdater.HOLD);
        }
        return new Reply.Trouble(Reply.Trouble.Kind.NETWORK, 0, "no answer from " + server + ": " + e.getClass().getSimpleName());
    }

    /**
     * Asks the server itself (signed, so a server that restricts queries still answers) whether it now serves each
     * address sent; a name is confirmed only when every family sent is.
     */
    private Reply verify(SimpleResolver resolver, List<String> hosts, Addresses sent) {
        List<Answer> answers = new ArrayList<>();
        for (String h : hosts) {
            List<String> wrong = new ArrayList<>();
            for (Family f : Family.values()) {
                Optional<String> address = f.of(sent);
                if (address.isEmpty()) continue;
                Optional<List<String>> served = served(resolver, h, type(f));
                if (served.isEmpty() || !served.get().equals(List.of(canonical(address.get(), type(f))))) {
                    wrong.add(f.recordType() + " " + served.map(l -> l.isEmpty() ? "no address" : String.join(" ", l))
                            .orElse("no answer to the check"));
                }
            }
            answers.add(wrong.isEmpty() ? new Answer(h, Answer.Code.GOOD, "NOERROR " + sent.text())
                    : new Answer(h, Answer.Code.UNKNOWN, "NOERROR, but the server then answers " + String.join(", ", wrong) + " for " + h));
        }
        String raw = "NOERROR (" + types(sent) + " " + sent.text() + ")";
        return new Reply.Answers(answers, List.of(), raw);
    }

    private static Optional<List<String>> served(SimpleResolver resolver, String host, int type) {
        try {
            Message r = resolver.send(Message.newQuery(Record.newRecord(absolute(host), type, DClass.IN)));
            return r.getRcode() == Rcode.NOERROR ? Optional.of(addresses(r, type)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> addresses(Message r, int type) {
        List<String> out = new ArrayList<>();
        for (Record rec : r.getSection(Section.ANSWER)) {
            if (rec instanceof ARecord a && type == Type.A) out.add(a.getAddress().getHostAddress());
            if (rec instanceof AAAARecord a && type == Type.AAAA) out.add(canonical(a.getAddress().getHostAddress(), type));
        }
        return out;
    }

    private static String canonical(String ip, int type) {
        try {
            return type == Type.AAAA ? Ipv6Local.canonicalText(ip) : ip;
        } catch (IllegalArgumentException e) {
            return ip;
        }
    }

    private SimpleResolver resolver() throws UnknownHostException {
        int port = 53;
        String host = host();
        int colon = server.lastIndexOf(':');
        if (colon > 0 && server.indexOf(']') < colon && (server.startsWith("[") || server.indexOf(':') == colon)) {
            port = Integer.parseInt(server.substring(colon + 1));
        }
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
        r.setTimeout(timeout);
        r.setTSIGKey(tsig());
        return r;
    }

    private String host() {
        int colon = server.lastIndexOf(':');
        boolean hasPort = colon > 0 && server.indexOf(']') < colon && (server.startsWith("[") || server.indexOf(':') == colon);
        String h = hasPort ? server.substring(0, colon) : server;
        return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    }

    private TSIG tsig() {
        return new TSIG(TSIG.algorithmToName(key.algorithm()), absolute(key.name()), key.secret().reveal());
    }

    private static int type(Family f) {
        return f == Family.V4 ? Type.A : Type.AAAA;
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS name", e);
        }
    }
}
