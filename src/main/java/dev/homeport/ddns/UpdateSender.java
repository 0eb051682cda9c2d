package dev.homeport.ddns;

import dev.homeport.core.HomeportException;
import dev.homeport.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the update {@link DdnsUpdater} found due and records each answer in the {@code ddns} state file: accepted
 * hosts, a latch for a fatal answer, a hold for 911/dnserr (or a server's pause), an exponential backoff for a failure.
 *
 * <p>Not thread-safe, like the updater that owns it: one run at a time, under {@code RunLock}.
 */
final class UpdateSender {
    /** Said when a wait was cut to {@link DdnsUpdater#MAX_WAIT}. */
    static final String CAPPED = "homeport waits at most " + DdnsUpdater.MAX_WAIT.toMinutes() + " minutes, whatever a server asks";
    // The updater's logger: a log line names DdnsUpdater, as it did before the sending moved here.
    private static final Logger LOG = LoggerFactory.getLogger(DdnsUpdater.class);

    private final DdnsSettings settings;
    private final UpdateProtocol protocol;
    private final StateStore store;

    UpdateSender(DdnsSettings settings, UpdateProtocol protocol, StateStore store) {
        this.settings = settings;
        this.protocol = protocol;
        this.store = store;
    }

    /**
     * Sends the batches, recording each answer. Nothing is sent unless the state file can be written first: an update
     * the provider accepted but homeport could not record would be sent again by every later run, and dyndns2 providers
     * block clients that repeat unchanged updates.
     */
    UpdateOutcome send(DdnsState st, String fingerprint, String ip, List<DueRules.Batch> batches, String reason, Instant now) {
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
     * Holds every update for {@code asked}, at most {@link DdnsUpdater#MAX_WAIT}; a capped wait says so in the reason,
     * which the warning and {@code ddns status} show.
     */
    private UpdateOutcome hold(Progress run, Duration asked, String reason, String answer) {
        boolean capped = asked.compareTo(DdnsUpdater.MAX_WAIT) > 0;
        Instant until = run.now.plus(capped ? DdnsUpdater.MAX_WAIT : asked);
        run.state.hold(until, reason + (capped ? "; " + CAPPED : ""), run.now);
        run.state.save(store);
        LOG.info("ddns on hold until {}: '{}'{}", until, answer, capped ? " (wait capped)" : "");
        return new UpdateOutcome.Held(until, false, run.state.holdReason().orElseThrow());
    }

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
            return Optional.of(hold(run, DdnsUpdater.HOLD,
                    "the provider answered '" + hold.get().line() + "' (" + hold.get().meaning() + ")", hold.get().line()));
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
        return DdnsUpdater.latched(run.state.latch().orElseThrow());
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

    private UpdateOutcome fail(Progress run, String why, Optional<String> answer) {
        Instant retry = run.now.plus(backoff(run.state.failures() + 1));
        run.state.failed(why, retry);
        run.state.save(store);
        return new UpdateOutcome.Failed(why, answer, retry, run.updated);
    }

    /**
     * 1, 2, 4, ... minutes after the 1st, 2nd, 3rd failure in a row, at most {@link DdnsUpdater#MAX_WAIT}: never a tight
     * loop.
     */
    static Duration backoff(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 10);
        Duration d = DdnsUpdater.FIRST_BACKOFF.multipliedBy(1L << shift);
        return d.compareTo(DdnsUpdater.MAX_WAIT) > 0 ? DdnsUpdater.MAX_WAIT : d;
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
