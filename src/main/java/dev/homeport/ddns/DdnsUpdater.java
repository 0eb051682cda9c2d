package dev.homeport.ddns;

import dev.homeport.config.Config;
import dev.homeport.net.Ipv4;
import dev.homeport.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the configured hostnames pointed at the public address, by the provider's rules: an update only when the
 * address differs from the one the provider last accepted, on {@code --force}, or as a 25-day keep-alive; fatal
 * answers latch the client off until the config or secret changes; 911/dnserr hold all updates 30 minutes;
 * failures back off exponentially. Every decision is persisted in the {@code ddns} state file.
 *
 * <p>Not thread-safe, and it does not lock: callers hold {@code RunLock} so overlapping runs cannot interleave.
 */
public final class DdnsUpdater {
    static final Duration KEEP_ALIVE = Duration.ofDays(25);
    static final Duration HOLD = Duration.ofMinutes(30);
    static final Duration FIRST_BACKOFF = Duration.ofMinutes(1);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(DdnsUpdater.class);

    private final DdnsSettings settings;
    private final UpdateProtocol protocol;
    private final StateStore store;
    private final Clock clock;

    DdnsUpdater(DdnsSettings settings, UpdateProtocol protocol, StateStore store, Clock clock) {
        this.settings = settings;
        this.protocol = protocol;
        this.store = store;
        this.clock = clock;
    }

    /**
     * An updater for the {@code ddns:} section of {@code config}.
     *
     * @param env  the environment, for {@code password-env}
     * @param http the shared client (its User-Agent and timeouts apply)
     * @throws dev.homeport.config.ConfigException when there is no ddns section or its secret cannot be used
     */
    public static DdnsUpdater create(Config config, Map<String, String> env, OkHttpClient http, StateStore store, Clock clock) {
        DdnsSettings s = DdnsSettings.from(config, env);
        UpdateProtocol p = s.provider().wire() == Provider.Wire.DUCKDNS ? new DuckDnsProtocol(http, s) : new Dyndns2Protocol(http, s);
        return new DdnsUpdater(s, p, store, clock);
    }

    /** Same as {@link #update(Supplier, boolean, boolean)} with an address already known (e.g. the router's). */
    public UpdateOutcome update(String currentIp, boolean force, boolean dryRun) {
        return update(() -> currentIp, force, dryRun);
    }

    /**
     * Decides whether an update is due and sends it unless {@code dryRun}. The address is asked for only when no
     * latch or hold forbids an update anyway, so a blocked client does not even query an IP-echo service.
     *
     * @param currentIp supplies the public IPv4 address; its exceptions propagate
     * @param force     update even if unchanged, clear a latch, skip the failure backoff (not a provider hold)
     * @param dryRun    decide and describe, send nothing, change no state
     * @throws dev.homeport.core.HomeportException (IO) when the state file cannot be read or written
     */
    public UpdateOutcome update(Supplier<String> currentIp, boolean force, boolean dryRun) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        DdnsState st = DdnsState.load(store);
        String fingerprint = settings.fingerprint(st.salt());
        if (!st.target().equals(Optional.of(settings.target()))) st.retarget(settings.target());
        Optional<DdnsState.Latch> latch = st.latch();
        if (latch.isPresent()) {
            if (!force && latch.get().fingerprint().equals(fingerprint)) {
                return new UpdateOutcome.Latched(latch.get().answer(), latch.get().reason(), latch.get().since());
            }
            LOG.info("clearing the ddns latch ('{}'): {}", latch.get().answer(), force ? "--force" : "the ddns config changed");
            st.clearLatch();
        }
        Optional<Instant> hold = st.holdUntil();
        if (hold.isPresent() && now.isBefore(hold.get())) {
            return new UpdateOutcome.Held(hold.get(), false, st.holdReason().orElse("the provider asked for a pause"));
        }
        String ip = currentIp.get().strip();
        Optional<UpdateOutcome.Refused> refused = refuse(ip);
        if (refused.isPresent()) return refused.get();
        List<String> due = new ArrayList<>();
        String reason = "";
        for (String host : settings.hostnames()) {
            Optional<String> why = dueReason(st, host, ip, force, now);
            if (why.isPresent()) {
                due.add(host);
                if (reason.isEmpty()) reason = why.get();
            }
        }
        if (due.isEmpty()) {
            if (!dryRun && st.failures() > 0) {
                st.clearTrouble();
                st.save(store);
            }
            return new UpdateOutcome.Unchanged(ip, settings.hostnames(), keepAliveDue(st).orElse(now.plus(KEEP_ALIVE)));
        }
        Optional<Instant> retry = st.retryAt();
        if (!force && retry.isPresent() && now.isBefore(retry.get())) {
            return new UpdateOutcome.Held(retry.get(), true, st.failure().orElse("unknown"));
        }
        List<List<String>> batches = batches(due);
        if (dryRun) {
            return new UpdateOutcome.WouldUpdate(ip, due, batches.stream().map(b -> protocol.describe(b, ip)).toList(), reason);
        }
        return send(st, fingerprint, ip, batches, reason, now);
    }

    /**
     * What the state file says: the last answer and when, the registered addresses, and what the next run does.
     * Reads only; sends nothing.
     *
     * @throws dev.homeport.core.HomeportException (IO) when the state file cannot be read
     */
    public DdnsStatus status() {
        Instant now = clock.instant();
        DdnsState st = DdnsState.load(store);
        boolean sameTarget = st.target().equals(Optional.of(settings.target()));
        List<DdnsStatus.Host> hosts = new ArrayList<>();
        for (String h : settings.hostnames()) {
            Optional<Instant> at = sameTarget ? st.hostAt(h) : Optional.empty();
            hosts.add(new DdnsStatus.Host(h, sameTarget ? st.hostIp(h) : Optional.empty(), at, at.map(t -> t.plus(KEEP_ALIVE))));
        }
        return new DdnsStatus(settings.provider().id(), settings.updateUrl(), hosts, st.lastAnswer(), st.lastAt(), st.lastIp(),
                next(st, hosts, now));
    }

    private DdnsStatus.Next next(DdnsState st, List<DdnsStatus.Host> hosts, Instant now) {
        Optional<DdnsState.Latch> latch = st.latch();
        if (latch.isPresent()) {
            DdnsState.Latch l = latch.get();
            if (l.fingerprint().equals(settings.fingerprint(st.salt()))) {
                return new DdnsStatus.Next(DdnsStatus.Step.LATCHED, Optional.of(l.since()),
                        "nothing is sent: latched off since " + UpdateOutcome.show(l.since()) + " because the provider answered '"
                                + l.answer() + "' (" + l.reason() + ")",
                        Optional.of("fix the cause (password file, username or hostnames in the ddns section): the next run then"
                                + " tries again by itself; or run 'homeport ddns update --force' once"));
            }
            return new DdnsStatus.Next(DdnsStatus.Step.FIRST_UPDATE, Optional.empty(), "was latched off by '" + l.answer()
                    + "', but the ddns config or secret changed since: the next run tries again", Optional.empty());
        }
        Optional<Instant> hold = st.holdUntil();
        if (hold.isPresent() && now.isBefore(hold.get())) {
            return new DdnsStatus.Next(DdnsStatus.Step.HELD, hold, "on hold until " + UpdateOutcome.show(hold.get()) + ": "
                    + st.holdReason().orElse("the provider asked for a pause"),
                    Optional.of("wait: the provider asks for 30 minutes; the first run after that updates"));
        }
        if (st.failures() > 0 && st.retryAt().isPresent()) {
            Instant r = st.retryAt().get();
            return new DdnsStatus.Next(DdnsStatus.Step.RETRY, Optional.of(r), "the last " + (st.failures() == 1 ? "attempt"
                    : st.failures() + " attempts") + " failed (" + st.failure().orElse("unknown") + "); the first run after "
                    + UpdateOutcome.show(r) + " retries", Optional.of("'homeport ddns update --force' retries now"));
        }
        List<String> missing = hosts.stream().filter(h -> h.ip().isEmpty()).map(DdnsStatus.Host::name).toList();
        if (!missing.isEmpty()) {
            return new DdnsStatus.Next(DdnsStatus.Step.FIRST_UPDATE, Optional.empty(), "the next run registers "
                    + String.join(", ", missing), Optional.empty());
        }
        Optional<Instant> keepAlive = keepAliveDue(st);
        return new DdnsStatus.Next(DdnsStatus.Step.ON_CHANGE, keepAlive, "an update is sent when the address changes; keep-alive"
                + " update due " + keepAlive.map(UpdateOutcome::show).orElse("now"), Optional.empty());
    }

    private UpdateOutcome send(DdnsState st, String fingerprint, String ip, List<List<String>> batches, String reason, Instant now) {
        List<String> updated = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String lastAnswer = "";
        for (List<String> batch : batches) {
            Reply reply = protocol.send(batch, ip);
            if (reply instanceof Reply.Trouble t) {
                st.exchanged(now, ip, t.detail());
                if (t.kind() == Reply.Trouble.Kind.AUTH) {
                    return latch(st, "HTTP " + t.status(), Answer.meaningOf("http-" + t.status()).orElse(t.detail()),
                            fingerprint, now);
                }
                return fail(st, t.detail(), Optional.empty(), updated, now);
            }
            Reply.Answers answers = (Reply.Answers) reply;
            st.exchanged(now, ip, answers.raw());
            warnings.addAll(answers.warnings());
            lastAnswer = answers.raw();
            Optional<Answer> latchAnswer = Optional.empty();
            Optional<Answer> holdAnswer = Optional.empty();
            Optional<Answer> failAnswer = Optional.empty();
            for (Answer a : answers.answers()) {
                switch (a.code()) {
                    case GOOD, NOCHG -> {
                        st.accepted(a.host(), ip, now);
                        updated.add(a.host());
                        if (a.code() == Answer.Code.NOCHG) {
                            warnings.add(a.host() + ": the provider already had " + ip
                                    + " ('nochg'); repeated needless updates can get a host blocked");
                        }
                    }
                    case LATCH -> latchAnswer = latchAnswer.or(() -> Optional.of(a));
                    case HOLD -> holdAnswer = holdAnswer.or(() -> Optional.of(a));
                    case IGNORED, UNKNOWN -> failAnswer = failAnswer.or(() -> Optional.of(a));
                    default -> throw new IllegalStateException("unhandled answer " + a.code());
                }
            }
            if (latchAnswer.isPresent()) {
                Answer a = latchAnswer.get();
                boolean nameHost = settings.hostnames().size() > 1
                        && !(batch.size() > 1 && answers.answers().stream().allMatch(x -> x.line().equals(a.line())));
                return latch(st, a.line(), (nameHost ? a.host() + ": " : "") + a.meaning(), fingerprint, now);
            }
            if (holdAnswer.isPresent()) {
                Answer a = holdAnswer.get();
                Instant until = now.plus(HOLD);
                st.hold(until, "the provider answered '" + a.line() + "' (" + a.meaning() + ")");
                st.save(store);
                LOG.info("ddns on hold until {}: '{}'", until, a.line());
                return new UpdateOutcome.Held(until, false, st.holdReason().orElseThrow());
            }
            if (failAnswer.isPresent()) {
                Answer a = failAnswer.get();
                String why = a.code() == Answer.Code.IGNORED
                        ? a.host() + ": the provider ignored the update ('" + a.line() + "' means it rejected this client's request)"
                        : a.host() + ": unexpected answer '" + a.line() + "'";
                return fail(st, why, Optional.of(answers.raw()), updated, now);
            }
        }
        st.clearTrouble();
        st.save(store);
        return new UpdateOutcome.Updated(ip, updated, lastAnswer, reason, warnings);
    }

    private UpdateOutcome latch(DdnsState st, String answer, String reason, String fingerprint, Instant now) {
        st.latch(answer, reason, fingerprint, now);
        st.save(store);
        LOG.info("ddns latched off: '{}'", answer);
        DdnsState.Latch l = st.latch().orElseThrow();
        return new UpdateOutcome.Latched(l.answer(), l.reason(), l.since());
    }

    private UpdateOutcome fail(DdnsState st, String why, Optional<String> answer, List<String> updated, Instant now) {
        Instant retry = now.plus(backoff(st.failures() + 1));
        st.failed(why, retry);
        st.save(store);
        return new UpdateOutcome.Failed(why, answer, retry, updated);
    }

    /** 1, 2, 4, ... minutes after the 1st, 2nd, 3rd failure in a row, at most an hour: never a tight loop. */
    static Duration backoff(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 10);
        Duration d = FIRST_BACKOFF.multipliedBy(1L << shift);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private Optional<String> dueReason(DdnsState st, String host, String ip, boolean force, Instant now) {
        if (force) return Optional.of("--force");
        Optional<String> known = st.hostIp(host);
        if (known.isEmpty()) return Optional.of("first update");
        if (!known.get().equals(ip)) return Optional.of("address changed from " + known.get());
        Optional<Instant> at = st.hostAt(host);
        if (at.isEmpty() || !now.isBefore(at.get().plus(KEEP_ALIVE))) return Optional.of("keep-alive: no update for 25 days");
        return Optional.empty();
    }

    private Optional<Instant> keepAliveDue(DdnsState st) {
        return settings.hostnames().stream().map(st::hostAt).flatMap(Optional::stream).min(Comparator.naturalOrder())
                .map(t -> t.plus(KEEP_ALIVE));
    }

    private List<List<String>> batches(List<String> hosts) {
        int max = protocol.maxHostsPerRequest();
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i += max) out.add(List.copyOf(hosts.subList(i, Math.min(hosts.size(), i + max))));
        return out;
    }

    /** Refuses anything but a public IPv4 address, saying why the hostname could not reach this host anyway. */
    static Optional<UpdateOutcome.Refused> refuse(String ip) {
        if (!Ipv4.isValid(ip)) {
            return Optional.of(new UpdateOutcome.Refused(ip, "it is not an IPv4 address",
                    "check the address source (router or ip-url), or pass a dotted quad with --ip"));
        }
        Ipv4.Scope scope = Ipv4.scope(ip);
        if (scope == Ipv4.Scope.PUBLIC) return Optional.empty();
        String why = "it is not a public address (" + scope.explanation() + "), so a hostname pointing there could not"
                + " reach this host from the internet";
        String advice = switch (scope) {
            case CGNAT -> "port forwarding cannot work behind carrier-grade NAT: ask your ISP for a public IPv4 address,"
                    + " or use IPv6 or a tunnel/relay";
            case PRIVATE -> "your router sits behind another router: put the modem in bridge mode, or forward the port on the"
                    + " outer router and use 'ip-source: url'";
            default -> "the router has no usable internet address: check its WAN connection";
        };
        return Optional.of(new UpdateOutcome.Refused(ip, why, advice));
    }
}
