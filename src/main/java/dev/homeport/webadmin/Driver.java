package dev.homeport.webadmin;

import dev.homeport.core.HomeportException.Kind;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import dev.homeport.guard.Redactor;
import dev.homeport.net.OriginGuard;
import okhttp3.HttpUrl;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.jsoup.select.Elements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a profile's steps over one admin session: fetches pages, submits the forms it finds on the page just
 * fetched (so tokens always come from that page), checks every response for the busy page, an expired token and
 * router error pages, retries once after an expired token, and records what it changed so a failure can say what
 * was left half-applied.
 */
final class Driver {
    private static final Logger LOG = LoggerFactory.getLogger(Driver.class);
    /**
     * A router's error answer: a script that starts with alert("..."). The tag's attributes are bounded: an unbounded
     * {@code [^>]*} rescans the rest of the page from every unclosed "<script", quadratic on a hostile page.
     */
    private static final Pattern ALERT = Pattern.compile("<script[^>]{0,256}>\\s*alert\\(\\s*[\"']([^\"']*)", Pattern.CASE_INSENSITIVE);
    /** Id prefix of the steps made from the profile's {@code detect.require} probes. */
    private static final String REQUIRE_STEP = "detect.require";
    /** Longest router message quoted in an error. */
    private static final int MAX_QUOTE = 160;
    private static final Pattern CONFLICT_WORDS = Pattern.compile("(?i)duplicat|conflict|already|overlap|in use|exist");

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
    private Page current;
    private boolean loggedIn;
    private boolean tookOver;
    private boolean takingOver;

    Driver(AdminClient http, Profile profile, boolean takeOver, WebAdminException.Context context) {
        this.http = http;
        this.profile = profile;
        this.takeOver = takeOver;
        this.context = context;
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
            probes.add(new Profile.Step(REQUIRE_STEP + "[" + i++ + "]", Optional.empty(), Optional.of(p.path()), Optional.empty(),
                    Optional.empty(), new Profile.Expect(java.util.OptionalInt.of(200), p.form(), p.regex(), Optional.empty()),
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
            if (profile.session().expired().map(r -> find(step, r, page.body(), vars)).orElse(false)) {
                if (retried) throw failure(step, "the router says the form token expired, again after a fresh page", page);
                LOG.info("the router's form token expired at step {}; fetching the page again and retrying once", step.id());
                retried = true;
                current = null;
                i = chainStart - 1;
                continue;
            }
            check(step, page, vars);
            current = page;
            extract(step, page, vars);
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
            Page page = http.get(http.resolve(expand(step, step.get().get(), vars)), true, Optional.empty());
            if (page.status() != 200 && step.fallbackGet().isPresent()) {
                LOG.debug("step {}: {} answered {}, trying {}", step.id(), page.name(), page.status(), step.fallbackGet().get());
                page = http.get(http.resolve(expand(step, step.fallbackGet().get(), vars)), true, Optional.empty());
            }
            loggedIn |= page.status() == 200;
            return page;
        }
        return submit(step, step.submit().orElseThrow(), vars);
    }

    private Page submit(Profile.Step step, Profile.Submit s, Map<String, String> vars) {
        if (current == null) throw failure(step, "there is no page to find form '" + s.form() + "' on", null);
        String selector = Template.placeholder(s.form()).equals(s.form()) ? s.form() : expand(step, s.form(), vars);
        FormElement form = null;
        for (Element e : select(step, current, s.form(), selector)) {
            if (e instanceof FormElement f) {
                form = f;
                break;
            }
        }
        if (form == null) {
            throw failure(step, "no form matches '" + s.form() + "' on " + current.name() + " (has the firmware changed?)", current);
        }
        List<Map.Entry<String, String>> body = formData(form);
        for (Map.Entry<String, String> e : s.set().entrySet()) put(body, e.getKey(), expand(step, e.getValue(), vars));
        for (Profile.Derive d : s.derive()) derive(body, d);
        for (String drop : s.drop()) {
            body.removeIf(f -> drop.endsWith("*") ? f.getKey().startsWith(drop.substring(0, drop.length() - 1))
                    : f.getKey().equals(drop));
        }
        s.button().ifPresent(b -> put(body, b.name(), b.value()));
        String action = form.attr("action");
        HttpUrl base = HttpUrl.parse(current.url());
        HttpUrl target = action.isBlank() || base == null ? base : base.resolve(action);
        if (target == null) throw failure(step, "form '" + s.form() + "' has an unusable action", current);
        if (!OriginGuard.sameOrigin(http.root(), target)) {
            throw new WebAdminException(Kind.WEB_ADMIN, "step '" + step.id() + "': form '" + s.form() + "' sends to "
                    + OriginGuard.origin(target) + ", another origin than --router " + OriginGuard.origin(http.root())
                    + " (refused before sending anything)" + appliedNote(), "homeport sends only to the address given with"
                    + " --router; a router page pointing elsewhere is not followed", context.withStep(step.id()));
        }
        Charset charset = charsetOf(current);
        Page page = http.post(target, body, charset, current.url());
        loggedIn |= page.status() == 200;
        return page;
    }

    /** The fields a browser would send, before any button: no buttons, no disabled or unnamed controls. */
    static List<Map.Entry<String, String>> formData(FormElement form) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Element el : form.elements()) {
            String name = el.attr("name");
            if (name.isEmpty() || el.hasAttr("disabled")) continue;
            String tag = el.normalName();
            String type = el.attr("type").toLowerCase(java.util.Locale.ROOT);
            if (tag.equals("button") || tag.equals("fieldset") || tag.equals("object") || tag.equals("output")) continue;
            boolean button = type.equals("submit") || type.equals("reset") || type.equals("button") || type.equals("image");
            if (tag.equals("input") && (button || type.equals("file"))) continue;
            if (tag.equals("select")) {
                Elements selected = el.select("option[selected]");
                Element opt = selected.isEmpty() ? el.selectFirst("option") : selected.first();
                // Browsers send an option's text when it has no value, with ASCII whitespace collapsed but U+00A0
                // kept (SerComm pages render service names with &nbsp; and their script strips it back).
                String text = opt == null ? "" : opt.wholeText().replaceAll("[\\t\\n\\f\\r ]+", " ").strip();
                if (opt != null) out.add(entry(name, opt.hasAttr("value") ? opt.attr("value") : text));
            } else if (tag.equals("textarea")) {
                out.add(entry(name, el.wholeText()));
            } else if (type.equals("checkbox") || type.equals("radio")) {
                if (el.hasAttr("checked")) out.add(entry(name, el.hasAttr("value") ? el.attr("value") : "on"));
            } else {
                out.add(entry(name, el.attr("value")));
            }
        }
        return out;
    }

    private static void derive(List<Map.Entry<String, String>> body, Profile.Derive d) {
        switch (d.op()) {
            case "mirror_h" -> d.fields().forEach((field, mirror) -> put(body, mirror, value(body, field)));
            case "join_ip" -> d.fields().forEach((target, prefix) -> put(body, target, String.join(".",
                    value(body, prefix + "1"), value(body, prefix + "2"), value(body, prefix + "3"), value(body, prefix + "4"))));
            case "const" -> d.fields().forEach((k, v) -> put(body, k, v));
            default -> throw new IllegalStateException("unknown derive op " + d.op());
        }
    }

    private static String value(List<Map.Entry<String, String>> body, String name) {
        for (Map.Entry<String, String> e : body) {
            if (e.getKey().equals(name)) return e.getValue();
        }
        return "";
    }

    private static void put(List<Map.Entry<String, String>> body, String name, String value) {
        boolean found = false;
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i).getKey().equals(name)) {
                if (!found) body.set(i, entry(name, value));
                else body.remove(i--);
                found = true;
            }
        }
        if (!found) body.add(entry(name, value));
    }

    private static Map.Entry<String, String> entry(String k, String v) {
        return new AbstractMap.SimpleImmutableEntry<>(k, v);
    }

    private static Charset charsetOf(Page page) {
        Element meta = page.document().selectFirst("meta[charset], meta[http-equiv=Content-Type]");
        if (meta != null) {
            String cs = meta.hasAttr("charset") ? meta.attr("charset") : meta.attr("content").replaceAll("(?i).*charset=", "");
            try {
                return Charset.forName(cs.strip());
            } catch (IllegalArgumentException e) {
                LOG.debug("unknown charset {}", cs);
            }
        }
        return StandardCharsets.UTF_8;
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

    private void check(Profile.Step step, Page page, Map<String, String> vars) {
        Matcher alert = ALERT.matcher(page.body());
        for (String r : profile.session().errors()) {
            Matcher m = Pattern.compile(r).matcher(page.body());
            if (m.find()) {
                alert = m;
                break;
            }
        }
        if (alert.find(0)) {
            String said = alert.groupCount() >= 1 && alert.group(1) != null ? alert.group(1).strip() : "an error page";
            said = quote(said);
            Kind kind = CONFLICT_WORDS.matcher(said).find() ? Kind.CONFLICT : Kind.WEB_ADMIN;
            throw new WebAdminException(kind, "the router refused step '" + step.id() + "': \"" + said + "\"" + appliedNote(),
                    kind == Kind.CONFLICT ? "something on the router already uses that name or port; pick another or remove it"
                            : "the router's message says why; fix the input or check the profile",
                    context.withStep(step.id()).withStatus(page.status()));
        }
        int want = step.expect().status().orElse(200);
        if (page.status() != want) {
            throw failure(step, page.name() + " answered HTTP " + page.status() + " (expected " + want + ")", page);
        }
        if (step.expect().form().isPresent()
                && select(step, page, step.expect().form().get(), expand(step, step.expect().form().get(), vars)).isEmpty()) {
            throw failure(step, "no element matches '" + step.expect().form().get() + "' on " + page.name()
                    + " (has the firmware changed?)", page);
        }
        if (step.expect().bodyRegex().isPresent() && !find(step, step.expect().bodyRegex().get(), page.body(), vars)) {
            throw failure(step, page.name() + " does not show what was expected (/" + step.expect().bodyRegex().get() + "/)", page);
        }
        if (step.expect().bodyNotRegex().isPresent() && find(step, step.expect().bodyNotRegex().get(), page.body(), vars)) {
            throw failure(step, page.name() + " shows /" + step.expect().bodyNotRegex().get() + "/, which means failure", page);
        }
    }

    private void extract(Profile.Step step, Page page, Map<String, String> vars) {
        for (Map.Entry<String, Profile.Extract> e : step.extract().entrySet()) {
            Profile.Extract x = e.getValue();
            String value = "";
            if (x.css().isPresent()) {
                Optional<String> want = x.textEquals().map(t -> Template.expand(t, vars));
                for (Element el : page.document().select(x.css().get())) {
                    if (want.isEmpty() || text(el).equals(want.get())) {
                        value = "true";
                        break;
                    }
                }
            } else {
                Matcher m = compile(step, x.regex().orElseThrow(), vars).matcher(page.body());
                if (m.find()) value = m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : "true";
            }
            if (!value.isEmpty() && !value.equals("true") && !vars.containsValue(value)) {
                // Any other value read off a page may be a session token a profile puts in a later URL (its path or query)
                // or form: from now on it is masked wherever it would be printed, like a password. What homeport itself
                // supplied (the name, a port, the address) is not a secret of the page's.
                Redactor.current().add(value);
            }
            vars.put(e.getKey(), value);
            // A flag is shown; any other value may be a session token a profile extracted for a later URL: only its size.
            LOG.debug("step {}: {} = {}", step.id(), e.getKey(), value.isEmpty() ? "false"
                    : value.equals("true") ? "true" : "(a value of " + value.length() + " characters)");
        }
        for (Map.Entry<String, Profile.Table> t : step.tables().entrySet()) {
            tables.put(t.getKey(), Tables.read(t.getValue(), page.document()));
        }
    }

    static String text(Element el) {
        return el.text().replace('\u00a0', ' ').strip();
    }

    private boolean find(Profile.Step step, String regexTemplate, String body, Map<String, String> vars) {
        return compile(step, regexTemplate, vars).matcher(body).find();
    }

    /** Elements matching a profile selector with this run's values filled in ('profiles check' saw only the template). */
    private Elements select(Profile.Step step, Page page, String template, String selector) {
        try {
            return page.document().select(selector);
        } catch (org.jsoup.select.Selector.SelectorParseException e) {
            throw failure(step, "the selector '" + template + "' does not parse with this run's values (" + e.getMessage() + ")", page);
        }
    }

    /** A profile regex with this run's values filled in; 'profiles check' cannot see a value that breaks it. */
    private Pattern compile(Profile.Step step, String regexTemplate, Map<String, String> vars) {
        try {
            return Pattern.compile(expand(step, regexTemplate, vars));
        } catch (PatternSyntaxException e) {
            throw failure(step, "the regex '" + regexTemplate + "' does not compile with this run's values ("
                    + e.getDescription() + "): write {{variable|regex}} for a value inside a regex", null);
        }
    }

    private String expand(Profile.Step step, String template, Map<String, String> vars) {
        try {
            return Template.expand(template, vars);
        } catch (IllegalArgumentException e) {
            throw failure(step, e.getMessage(), null);
        }
    }

    /** Runs the logout steps if a session was opened. */
    void logout() {
        if (!loggedIn) return;
        run(profile.session().logout(), new HashMap<>());
        loggedIn = false;
    }

    WebAdminException failure(Profile.Step step, String problem, Page page) {
        if (step.id().startsWith(REQUIRE_STEP)) {
            // The require probes are how a profile recognises its router: failing one means "wrong profile" far more
            // often than "changed firmware" (typically --profile naming the other family).
            return new WebAdminException(Kind.WEB_ADMIN, "the router at " + context.routerUrl() + " does not have the pages of"
                    + " profile " + profile.id() + " (" + problem + "); nothing had been changed on the router",
                    "check --profile: '--profile auto' recognises the router, 'homeport profiles list' shows the others;"
                            + " rerun with -vv to see the pages fetched",
                    context.withStep(step.id()).withStatus(page == null ? 0 : page.status()));
        }
        return new WebAdminException(Kind.WEB_ADMIN, "step '" + step.id() + "' of profile " + profile.id() + " failed: "
                + problem + appliedNote(),
                "if the router's firmware changed, the profile needs updating ('homeport profiles show " + profile.id()
                        + "'); rerun with -vv to see the pages fetched",
                context.withStep(step.id()).withStatus(page == null ? 0 : page.status()));
    }

    private String appliedNote() {
        if (applied.isEmpty()) return "; nothing had been changed on the router";
        return "; already applied before the failure: " + String.join(", ", applied)
                + " (check the router's pages, or rerun: finished steps are skipped)";
    }
}
