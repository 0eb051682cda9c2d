package dev.homeport.ddns;

import dev.homeport.config.Config;
import dev.homeport.core.HomeportException;
import dev.homeport.core.IpVersion;
import dev.homeport.net.Ipv4;
import dev.homeport.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
    /**
     * The longest any one answer can put updates off: a failure backoff, a provider's hold (911, SERVFAIL) or the wait
     * it asks for (Cloudflare's {@code Retry-After}). A hostile or broken answer asking for days or years must not switch
     * updates off: every hold and backoff is bounded here, and only here.
     */
    static final Duration MAX_WAIT = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(DdnsUpdater.class);

    private final DdnsSettings settings;
    private final UpdateProtocol protocol;
    private final StateStore store;
    private final Clock clock;
    private final IpVersion ipVersion;
    private final Supplier<Optional<String>> ipv6;
    private final DueRules dueRules;

    DdnsUpdater(DdnsSettings settings, UpdateProtocol protocol, StateStore store, Clock clock) {
        this(settings, protocol, store, clock, IpVersion.V4, Optional::empty);
    }

    /**
     * @param ipVersion which records to keep: the A record (the router's address), the AAAA record, or both
     * @param ipv6      this host's stable global IPv6 address, when it has one (asked only when AAAA is wanted)
     */
    DdnsUpdater(DdnsSettings settings, UpdateProtocol protocol, StateStore store, Clock clock, IpVersion ipVersion,
                Supplier<Optional<String>> ipv6) {
        this.settings = settings;
        this.protocol = protocol;
        this.store = store;
        this.clock = clock;
        this.ipVersion = ipVersion;
        this.ipv6 = ipv6;
        this.dueRules = new DueRules(protocol.recordsPerFamily(), settings.hostnames(), protocol.maxHostsPerRequest());
    }

    /**
     * An updater for the {@code ddns:} section of {@code config}.
     *
     * @param env  the environment, for {@code password-env}
     * @param http the shared client (its User-Agent and timeouts apply)
     * @throws dev.homeport.config.ConfigException when there is no ddns section or its secret cannot be used
     */
    public static DdnsUpdater create(Config config, Map<String, String> env, OkHttpClient http, StateStore store, Clock clock) {
        return create(config, env, http, store, clock, Optional::empty);
    }

    /**
     * Like {@link #create(Config, Map, OkHttpClient, StateStore, Clock)}, also keeping an AAAA record for this host's
     * stable global IPv6 address as {@code ddns.ip-version} says.
     *
     * @param ipv6 this host's stable global IPv6 address, when it has one
     */
    public static DdnsUpdater create(Config config, Map<String, String> env, OkHttpClient http, StateStore store, Clock clock,
                                     Supplier<Optional<String>> ipv6) {
        DdnsSettings s = DdnsSettings.from(config, env);
        UpdateProtocol p = switch (s.provider().wire()) {
            case DUCKDNS -> new DuckDnsProtocol(http, s);
            case RFC2136 -> new Rfc2136Protocol(s, TsigKey.read(s.secretFile().orElseThrow()), Rfc2136Protocol.TIMEOUT);
            case CLOUDFLARE -> new CloudflareProtocol(http, s, clock);
            case DYNDNS2 -> new Dyndns2Protocol(http, s);
        };
        return new DdnsUpdater(s, p, store, clock, config.ddns().orElseThrow().ipVersion(), ipv6);
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
        Optional<Family> latchedOnly = Optional.empty();
        if (latch.isPresent()) {
            if (!force && latch.get().fingerprint().equals(fingerprint)) {
                if (latch.get().family().isEmpty()) return latched(latch.get());
                // One family's record is latched off (its own fatal answer): the other family's record is still kept.
                latchedOnly = latch.get().family();
            } else {
                LOG.info("clearing the ddns latch ('{}'): {}", latch.get().answer(), force ? "--force" : "the ddns config changed");
                st.clearLatch();
            }
        }
        Optional<Instant> hold = st.holdUntil();
        if (hold.isPresent() && now.isBefore(hold.get())) {
            return new UpdateOutcome.Held(hold.get(), false, st.holdReason().orElse("the provider asked for a pause"));
        }
        boolean wantsV4 = ipVersion.wantsV4() && !latchedOnly.equals(Optional.of(Family.V4));
        boolean wantsV6 = ipVersion.wantsV6() && !latchedOnly.equals(Optional.of(Family.V6));
        Optional<String> v6 = wantsV6 && protocol.supportsIpv6() ? ipv6.get() : Optional.empty();
        if (!wantsV4 && v6.isEmpty()) {
            if (latchedOnly.isPresent()) return latched(latch.orElseThrow());
            return new UpdateOutcome.Refused("", protocol.supportsIpv6() ? "this host has no stable global IPv6 address"
                    : "the provider " + settings.provider().id() + " takes no IPv6 address from homeport",
                    "use ip-version: 4 or both, or give the host a global IPv6 address");
        }
        String v4 = wantsV4 ? currentIp.get().strip() : "";
        Optional<UpdateOutcome.Refused> refused = v4.isEmpty() ? Optional.empty() : refuse(v4);
        if (refused.isPresent() && v6.isEmpty()) return latchedOnly.isPresent() ? latched(latch.orElseThrow()) : refused.get();
        // Behind carrier-grade NAT the A record cannot help, but the AAAA record still reaches this host.
        if (refused.isPresent()) LOG.info("ddns: A record left alone ({}), registering IPv6 only", refused.get().reason());
        Addresses wanted = new Addresses(refused.isPresent() || v4.isEmpty() ? Optional.empty() : Optional.of(v4), v6);
        String ip = wanted.text();
        DueRules.Plan plan = dueRules.plan(st, wanted, force, now);
        List<String> due = plan.due();
        if (due.isEmpty()) {
            if (!dryRun && st.failures() > 0) {
                st.clearTrouble();
                st.save(store);
            }
            Instant keepAlive = dueRules.keepAliveDue(st, wanted).orElse(now.plus(KEEP_ALIVE));
            return new UpdateOutcome.Unchanged(ip, settings.hostnames(), keepAlive);
        }
        Optional<Instant> retry = st.retryAt();
        if (!force && retry.isPresent() && now.isBefore(retry.get())) {
            return new UpdateOutcome.Held(retry.get(), true, st.failure().orElse("unknown"));
        }
        if (dryRun) {
            return new UpdateOutcome.WouldUpdate(ip, due, plan.batches().stream().map(b -> protocol.describe(b.hosts(), b.sent()))
                    .toList(), plan.reason());
        }
        return send(st, fingerprint, ip, plan.batches(), plan.reason(), now);
    }

    /**
     * What the state file says: the last answer and when, the registered addresses, and what the next run does.
     * Reads only; sends nothing.
     *
     * @throws dev.homeport.core.HomeportException (IO) when the state file cannot be read
     */
    public DdnsStatus status() {
        // The AAAA record the next run would send: this host's own address, read locally (nothing goes on the wire).
        Optional<String> v6 = ipVersion.wantsV6() && protocol.supportsIpv6() ? ipv6.get() : Optional.empty();
        return StatusReport.of(settings, DdnsState.load(store), clock.instant(), v6);
    }

    /**
     * Sends the batches, recording each answer. Nothing is sent unless the state file can be written first: an update
     * the provider accepted but homeport could not record would be sent again by every later run, and dyndns2 providers
     * block clients that repeat unchanged updates.
     */
    private UpdateOutcome send(DdnsState st, String fingerprint, String ip, List<DueRules.Batch> batches, String reason, Instant now) {
        try {
            store.checkWritable(DdnsState.NAME);
        } catch (HomeportException e) {
            throw new HomeportException(HomeportException.Kind.IO, e.getMessage() + "; nothing was sent to the provider,"
                    + " since its answer could not be recorded", e.hint().orElse(null), e);
        }
        Progress run = new Progress(st, fingerprint, ip, now);
        try {
            return sendAll(run, batches, reason);
        } catch (HomeportException e) {
            if (e.kind() != HomeportException.Kind.IO) throw e;
            // The write is atomic: the state file still holds what it held before this run.
            String what = run.updated.isEmpty() ? "the provider answered (" + Answer.oneLine(run.state.lastAnswer().orElse("")) + ")"
                    : "the provider accepted " + String.join(", ", run.updated) + " -> " + run.sent;
            throw new HomeportException(HomeportException.Kind.IO, what + ", but " + e.getMessage() + "; the state file is"
                    + " unchanged, so the next run sends this update again", e.hint().orElse(null), e);
        }
    }

    private UpdateOutcome sendAll(Progress run, List<DueRules.Batch> batches, String reason) {
        DdnsState st = run.state;
        String ip = run.ip;
        for (DueRules.Batch batch : batches) {
            run.sent = batch.sent();
            Reply reply = protocol.send(batch.hosts(), batch.sent());
            Optional<UpdateOutcome> stop = reply instanceof Reply.Trouble t ? Optional.of(trouble(run, t))
                    : reply instanceof Reply.Fatal f ? Optional.of(fatal(run, f))
                    : reply instanceof Reply.Pause p ? Optional.of(pause(run, p))
                    : answered(run, batch.hosts(), (Reply.Answers) reply);
            if (stop.isPresent()) return stop.get();
            st.save(store);
        }
        st.clearTrouble();
        st.save(store);
        return new UpdateOutcome.Updated(ip, run.updated, run.lastAnswer, reason, run.warnings);
    }

    private UpdateOutcome trouble(Progress run, Reply.Trouble t) {
        run.state.exchanged(run.now, run.sent, t.detail());
        if (t.kind() == Reply.Trouble.Kind.AUTH) {
            return latch(run, "HTTP " + t.status(), Answer.meaningOf("http-" + t.status()).orElse(t.detail()));
        }
        return fail(run, t.detail(), Optional.empty());
    }

    private UpdateOutcome fatal(Progress run, Reply.Fatal f) {
        run.state.exchanged(run.now, run.sent, f.answer());
        return latch(run, f.answer(), f.reason());
    }

    private UpdateOutcome pause(Progress run, Reply.Pause p) {
        run.state.exchanged(run.now, run.sent, p.answer());
        return hold(run, p.holdFor(), "the server answered '" + p.answer() + "' (" + p.reason() + ")", p.answer());
    }

    /**
     * Holds every update for {@code asked}, at most {@link #MAX_WAIT}; a capped wait says so in the reason, which the
     * warning and {@code ddns status} show.
     */
    private UpdateOutcome hold(Progress run, Duration asked, String reason, String answer) {
        boolean capped = asked.compareTo(MAX_WAIT) > 0;
        Instant until = run.now.plus(capped ? MAX_WAIT : asked);
        run.state.hold(until, reason + (capped ? "; " + CAPPED : ""), run.now);
        run.state.save(store);
        LOG.info("ddns on hold until {}: '{}'{}", until, answer, capped ? " (wait capped)" : "");
        return new UpdateOutcome.Held(until, false, run.state.holdReason().orElseThrow());
    }

    /** Said when a wait was cut to {@link #MAX_WAIT}. */
    static final String CAPPED = "homeport waits at most " + MAX_WAIT.toMinutes() + " minutes, whatever a server asks";

    /** Records the hosts the provider accepted; a fatal, holding or failed answer ends the run (in that order). */
    private Optional<UpdateOutcome> answered(Progress run, List<String> batch, Reply.Answers answers) {
        run.state.exchanged(run.now, run.sent, answers.raw());
        run.warnings.addAll(answers.warnings());
        run.lastAnswer = answers.raw();
        for (Answer a : answers.answers()) {
            if (a.code() == Answer.Code.GOOD || a.code() == Answer.Code.NOCHG) {
                run.state.accepted(a.host(), Addresses.parse(run.sent), run.now, !protocol.recordsPerFamily());
                run.updated.add(a.host());
                if (a.code() == Answer.Code.NOCHG) {
                    run.warnings.add(a.host() + ": the provider already had " + run.sent
                            + " ('nochg'); repeated needless updates can get a host blocked");
                }
            }
        }
        Optional<Answer> latch = first(answers, Answer.Code.LATCH);
        if (latch.isPresent()) {
            Answer a = latch.get();
            boolean nameHost = settings.hostnames().size() > 1
                    && !(batch.size() > 1 && answers.answers().stream().allMatch(x -> x.line().equals(a.line())));
            return Optional.of(latch(run, a.line(), (nameHost ? a.host() + ": " : "") + a.meaning()));
        }
        Optional<Answer> hold = first(answers, Answer.Code.HOLD);
        if (hold.isPresent()) {
            return Optional.of(hold(run, HOLD, "the provider answered '" + hold.get().line() + "' (" + hold.get().meaning() + ")",
                    hold.get().line()));
        }
        Optional<Answer> failed = first(answers, Answer.Code.IGNORED).or(() -> first(answers, Answer.Code.UNKNOWN));
        if (failed.isPresent()) {
            Answer a = failed.get();
            String why = a.code() == Answer.Code.IGNORED
                    ? a.host() + ": the provider ignored the update ('" + a.line() + "' means it rejected this client's request)"
                    : a.line().isEmpty() ? a.host() + ": the provider's answer has no line for this hostname"
                            + (answers.raw().isEmpty() ? " (it was empty)" : "")
                    : a.host() + ": unexpected answer '" + a.line() + "'";
            return Optional.of(fail(run, why, Optional.of(answers.raw())));
        }
        return Optional.empty();
    }

    private static Optional<Answer> first(Reply.Answers answers, Answer.Code code) {
        return answers.answers().stream().filter(a -> a.code() == code).findFirst();
    }

    private UpdateOutcome latch(Progress run, String answer, String reason) {
        Optional<Family> only = latchesOneFamily(run);
        String why = only.map(f -> f.recordType() + " record only, " + (f == Family.V4 ? "AAAA" : "A") + " still kept: " + reason)
                .orElse(reason);
        run.state.latch(answer, why, run.fingerprint, run.now, only);
        run.state.save(store);
        LOG.info("ddns latched off{}: '{}'", only.map(f -> " for the " + f.recordType() + " record").orElse(""), answer);
        return latched(run.state.latch().orElseThrow());
    }

    /**
     * The family a fatal answer latches off alone: when records are written apart, both families are kept, and the
     * request carried only one (e.g. the first AAAA after an upgrade, refused by an update-policy that grants only A),
     * the other family's record goes on being kept. A second family's fatal answer latches everything.
     */
    private Optional<Family> latchesOneFamily(Progress run) {
        if (!protocol.recordsPerFamily() || run.state.latch().isPresent()) return Optional.empty();
        Addresses wanted = Addresses.parse(run.ip);
        Addresses sent = Addresses.parse(run.sent);
        if (wanted.v4().isEmpty() || wanted.v6().isEmpty() || sent.v4().isPresent() == sent.v6().isPresent()) return Optional.empty();
        return Optional.of(sent.v4().isPresent() ? Family.V4 : Family.V6);
    }

    private static UpdateOutcome latched(DdnsState.Latch l) {
        return new UpdateOutcome.Latched(l.answer(), l.reason(), l.since());
    }

    private UpdateOutcome fail(Progress run, String why, Optional<String> answer) {
        Instant retry = run.now.plus(backoff(run.state.failures() + 1));
        run.state.failed(why, retry);
        run.state.save(store);
        return new UpdateOutcome.Failed(why, answer, retry, run.updated);
    }

    /** 1, 2, 4, ... minutes after the 1st, 2nd, 3rd failure in a row, at most {@link #MAX_WAIT}: never a tight loop. */
    static Duration backoff(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 10);
        Duration d = FIRST_BACKOFF.multipliedBy(1L << shift);
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
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

    /** One run's working set: the state copy and what has been accepted so far. */
    private static final class Progress {
        final DdnsState state;
        final String fingerprint;
        final String ip;
        final Instant now;
        final List<String> updated = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        String lastAnswer = "";
        /** The addresses of the request being sent. */
        String sent = "";

        Progress(DdnsState state, String fingerprint, String ip, Instant now) {
            this.state = state;
            this.fingerprint = fingerprint;
            this.ip = ip;
            this.now = now;
        }
    }
}
