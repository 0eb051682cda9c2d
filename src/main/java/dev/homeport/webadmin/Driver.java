package dev.homeport.webadmin;

import dev.homeport.core.HomeportException.Kind;
import dev.homeport.net.OriginGuard;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a profile's steps over one admin session: fetches pages, submits the forms it finds on the page just
 * fetched (so tokens always come from that page), checks every response for the busy page, an expired token and
 * router error pages, retries once after an expired token, and records what it changed so a failure can say what
 * was left half-applied. The form's fields come from {@link FormFields}, the checks of each page from
 * {@link StepChecks}.
 */
final class Driver {
    private static final Logger LOG = LoggerFactory.getLogger(Driver.class);
    /** Longest router message quoted in an error. */
    private static final int MAX_QUOTE = 160;

    private final AdminClient http;

    /** What the router said, for an error line: a router's message is a sentence; anything longer is cut. */
    static String quote(String said) {
        return said.length() > MAX_QUOTE ? said.substring(0, MAX_QUOTE) + "…" : said;
    }
    private final Profile profile;
    private final boolean takeOver;
    private final WebAdminException.Context context;
    private final Map<String, List<Map<String, String>>> tables = new HashMap<>();
    private final List<String> applied = new ArrayList<>();
    private final StepChecks checks;
    private Page current;
    private boolean loggedIn;
    private boolean tookOver;
    private boolean takingOver;

    Driver(AdminClient http, Profile profile, boolean takeOver, WebAdminException.Context context) {
        this.http = http;
        this.profile = profile;
        this.takeOver = takeOver;
        this.context = context;
        this.checks = new StepChecks(profile, context, Collections.unmodifiableList(applied));
    }

    /** What the steps run so far changed on the router, in order. */
    List<String> applied() {
        return List.copyOf(applied);
    }

    Map<String, List<Map<String, String>>> tables() {
        return tables;
    }

    /** Logs in (the first authenticated page) and checks the profile's page probes. */
    void start() {
        List<Profile.Step> probes = new ArrayList<>();
        int i = 0;
        for (Profile.Probe p : profile.detect().require()) {
            probes.add(new Profile.Step(StepChecks.REQUIRE_STEP + "[" + i++ + "]", Optional.empty(), Optional.of(p.path()),
                    Optional.empty(), Optional.empty(),
                    new Profile.Expect(java.util.OptionalInt.of(200), p.form(), p.regex(), Optional.empty()),
                    Map.of(), Map.of(), Optional.empty()));
        }
        if (!probes.isEmpty()) run(probes, new HashMap<>());
    }

    /**
     * Runs {@code steps}; extracted variables go into {@code vars}.
     *
     * @throws WebAdminException naming the step, with what was already applied
     */
    void run(List<Profile.Step> steps, Map<String, String> vars) {
        int chainStart = 0;
        boolean retried = false;
        for (int i = 0; i < steps.size(); i++) {
            Profile.Step step = steps.get(i);
            if (!holds(step, vars)) {
                LOG.debug("step {}: skipped ({})", step.id(), step.when().orElse(""));
                continue;
            }
            if (step.get().isPresent()) chainStart = i;
            Page fetched = perform(step, vars);
            Page page = !takingOver && isBusy(fetched) ? handleBusy(step, vars) : fetched;
            if (profile.session().expired().map(r -> checks.find(step, r, page.body(), vars)).orElse(false)) {
                if (retried) throw failure(step, "the router says the form token expired, again after a fresh page", page);
                LOG.info("the router's form token expired at step {}; fetching the page again and retrying once", step.id());
                retried = true;
                current = null;
                i = chainStart - 1;
                continue;
            }
            checks.check(step, page, vars);
            current = page;
            checks.extract(step, page, vars, tables);
            step.changes().ifPresent(c -> applied.add(Template.expand(c, vars) + " (step " + step.id() + ")"));
        }
    }

    private boolean holds(Profile.Step step, Map<String, String> vars) {
        if (step.when().isEmpty()) return true;
        String w = step.when().get();
        boolean negate = w.startsWith("!");
        String value = vars.getOrDefault(negate ? w.substring(1) : w, "");
        boolean truth = !value.isEmpty() && !value.equals("false");
        return negate != truth;
    }

    private Page perform(Profile.Step step, Map<String, String> vars) {
        if (step.get().isPresent()) {
            Page page = http.get(http.resolve(checks.expand(step, step.get().get(), vars)), true, Optional.empty());
            if (page.status() != 200 && step.fallbackGet().isPresent()) {
                LOG.debug("step {}: {} answered {}, trying {}", step.id(), page.name(), page.status(), step.fallbackGet().get());
                page = http.get(http.resolve(checks.expand(step, step.fallbackGet().get(), vars)), true, Optional.empty());
            }
            loggedIn |= page.status() == 200;
            return page;
        }
        return submit(step, step.submit().orElseThrow(), vars);
    }

    private Page submit(Profile.Step step, Profile.Submit s, Map<String, String> vars) {
        FormElement form = form(step, s, vars);
        List<Map.Entry<String, String>> body = FormFields.edited(form, s, v -> checks.expand(step, v, vars));
        String action = form.attr("action");
        HttpUrl base = HttpUrl.parse(current.url());
        HttpUrl target = action.isBlank() || base == null ? base : base.resolve(action);
        if (target == null) throw failure(step, "form '" + s.form() + "' has an unusable action", current);
        if (!OriginGuard.sameOrigin(http.root(), target)) {
            throw new WebAdminException(Kind.WEB_ADMIN, "step '" + step.id() + "': form '" + s.form() + "' sends to "
                    + OriginGuard.origin(target) + ", another origin than --router " + OriginGuard.origin(http.root())
                    + " (refused before sending anything)" + checks.appliedNote(), "homeport sends only to the address given with"
                    + " --router; a router page pointing elsewhere is not followed", context.withStep(step.id()));
        }
        Charset charset = FormFields.charsetOf(current);
        Page page = http.post(target, body, charset, current.url());
        loggedIn |= page.status() == 200;
        return page;
    }

    /** The form {@code s} names on the page just fetched. */
    private FormElement form(Profile.Step step, Profile.Submit s, Map<String, String> vars) {
        if (current == null) throw failure(step, "there is no page to find form '" + s.form() + "' on", null);
        String selector = Template.placeholder(s.form()).equals(s.form()) ? s.form() : checks.expand(step, s.form(), vars);
        for (Element e : checks.select(step, current, s.form(), selector)) {
            if (e instanceof FormElement f) return f;
        }
        throw failure(step, "no form matches '" + s.form() + "' on " + current.name() + " (has the firmware changed?)", current);
    }

    private boolean isBusy(Page page) {
        return profile.session().busy().map(r -> Pattern.compile(r).matcher(page.body()).find()).orElse(false);
    }

    private Page handleBusy(Profile.Step step, Map<String, String> vars) {
        if (!takeOver || tookOver || profile.session().takeOver().isEmpty()) {
            throw new WebAdminException(Kind.WEB_ADMIN, "another administrator is logged in to the router's web admin,"
                    + " so homeport stopped before changing anything" + (applied.isEmpty() ? "" : " more"),
                    "log out of the router in the other browser (or wait for its idle timeout) and retry, or rerun with"
                            + " --take-over to end that session", context.withStep(step.id()));
        }
        LOG.info("another administrator held the router's web admin; taking the session over (--take-over)");
        tookOver = true;
        takingOver = true;
        try {
            run(profile.session().takeOver(), new HashMap<>());
        } finally {
            takingOver = false;
        }
        Page again = perform(step, vars);
        if (isBusy(again)) throw failure(step, "the router still shows the other-admin page after taking over", again);
        return again;
    }

    static String text(Element el) {
        return el.text().replace('\u00a0', ' ').strip();
    }

    /** Runs the logout steps if a session was opened. */
    void logout() {
        if (!loggedIn) return;
        run(profile.session().logout(), new HashMap<>());
        loggedIn = false;
    }

    /** A step's failure, worded by {@link StepChecks#failure}: what went wrong, and what was already applied. */
    WebAdminException failure(Profile.Step step, String problem, Page page) {
        return checks.failure(step, problem, page);
    }
}
