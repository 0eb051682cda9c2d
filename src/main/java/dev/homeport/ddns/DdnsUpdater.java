package dev.homeport.ddns;

import dev.homeport.config.Config;
import dev.homeport.core.IpVersion;
import dev.homeport.net.Ipv4;
import dev.homeport.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    private final UpdateSender sender;

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
        this.sender = new UpdateSender(settings, protocol, store);
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
        return sendIfDue(st, fingerprint, wanted, force, dryRun, now);
    }

    /** Sends what {@link DueRules} finds due, unless a failure backoff (without {@code force}) or {@code dryRun} stops it. */
    private UpdateOutcome sendIfDue(DdnsState st, String fingerprint, Addresses wanted, boolean force, boolean dryRun, Instant now) {
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
        return sender.send(st, fingerprint, ip, plan.batches(), plan.reason(), now);
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

    /** The outcome of a run a latch stops. */
    static UpdateOutcome latched(DdnsState.Latch l) {
        return new UpdateOutcome.Latched(l.answer(), l.reason(), l.since());
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
