package dev.homeport.webadmin;

import dev.homeport.core.HomeportException.Kind;
import dev.homeport.guard.Redactor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges the page a step got and reads values off it for {@link Driver}: router error pages, the status and
 * elements the step expects, the values and tables it extracts (masking any that may be a session token); and
 * words a step's failure with what the run had already changed on the router.
 */
final class StepChecks {
    /** Logs as {@link Driver}, whose lines these were: what -vv shows did not change when the class was split. */
    private static final Logger LOG = LoggerFactory.getLogger(Driver.class);
    /**
     * A router's error answer: a script that starts with alert("..."). The tag's attributes are bounded: an unbounded
     * {@code [^>]*} rescans the rest of the page from every unclosed "<script", quadratic on a hostile page.
     */
    private static final Pattern ALERT = Pattern.compile("<script[^>]{0,256}>\\s*alert\\(\\s*[\"']([^\"']*)", Pattern.CASE_INSENSITIVE);
    /** Id prefix of the steps made from the profile's {@code detect.require} probes. */
    static final String REQUIRE_STEP = "detect.require";
    private static final Pattern CONFLICT_WORDS = Pattern.compile("(?i)duplicat|conflict|already|overlap|in use|exist");

    private final Profile profile;
    private final WebAdminException.Context context;
    private final List<String> applied;

    /** {@code applied} is read as it grows: the driver's record of what the steps run so far changed. */
    StepChecks(Profile profile, WebAdminException.Context context, List<String> applied) {
        this.profile = profile;
        this.context = context;
        this.applied = applied;
    }

    /**
     * Checks {@code page} against the router's error pages and what {@code step} expects.
     *
     * @throws WebAdminException quoting the router when the page is one of its error pages (kind CONFLICT when the
     *     message speaks of a duplicate or a conflict), else naming what the page lacks or shows
     */
    void check(Profile.Step step, Page page, Map<String, String> vars) {
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
            said = Driver.quote(said);
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

    /** Puts {@code step}'s extracted values into {@code vars} and its tables into {@code tables}. */
    void extract(Profile.Step step, Page page, Map<String, String> vars, Map<String, List<Map<String, String>>> tables) {
        for (Map.Entry<String, Profile.Extract> e : step.extract().entrySet()) {
            Profile.Extract x = e.getValue();
            String value = "";
            if (x.css().isPresent()) {
                Optional<String> want = x.textEquals().map(t -> Template.expand(t, vars));
                for (Element el : page.document().select(x.css().get())) {
                    if (want.isEmpty() || Driver.text(el).equals(want.get())) {
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

    boolean find(Profile.Step step, String regexTemplate, String body, Map<String, String> vars) {
        return compile(step, regexTemplate, vars).matcher(body).find();
    }

    /** Elements matching a profile selector with this run's values filled in ('profiles check' saw only the template). */
    Elements select(Profile.Step step, Page page, String template, String selector) {
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

    String expand(Profile.Step step, String template, Map<String, String> vars) {
        try {
            return Template.expand(template, vars);
        } catch (IllegalArgumentException e) {
            throw failure(step, e.getMessage(), null);
        }
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

    String appliedNote() {
        if (applied.isEmpty()) return "; nothing had been changed on the router";
        return "; already applied before the failure: " + String.join(", ", applied)
                + " (check the router's pages, or rerun: finished steps are skipped)";
    }
}
