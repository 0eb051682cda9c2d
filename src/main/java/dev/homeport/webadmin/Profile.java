package dev.homeport.webadmin;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A router profile, as loaded and validated from YAML (schema 1, see docs/web-admin.md). Everything a firmware
 * needs is data here; the driver holds no firmware knowledge. Selectors, regexes and templates are kept as text and
 * were checked to compile when the profile was loaded.
 *
 * @param id          unique id, e.g. {@code netgear.sercomm.services-inbound}
 * @param title       one line for {@code profiles list}
 * @param family      the family file it extends, or empty
 * @param models      models it is meant for (information only)
 * @param source      where it was loaded from (file path or {@code builtin:...})
 * @param detect      how {@code --profile auto} recognises the router
 * @param transport   authentication and pacing
 * @param session     busy page, expired token, router errors, take-over and logout
 * @param values      per-parameter value maps (e.g. proto TCP to the router's "tcp")
 * @param limits      parameter limits: name length and pattern, port translation support
 * @param list        how to read the forwarding table
 * @param operations  forward, unforward, ddns: steps and verification
 */
public record Profile(String id, String title, String family, List<String> models, String source, Detect detect,
                      Transport transport, Session session, Map<String, Map<String, String>> values, Limits limits,
                      Optional<ListSpec> list, Map<String, Operation> operations) {

    /** The schema version this build reads. */
    public static final int SCHEMA = 1;

    public Profile {
        Objects.requireNonNull(id, "id");
        models = List.copyOf(models);
        values = Map.copyOf(values);
        operations = Map.copyOf(operations);
    }

    /** The operations it can do, sorted: some of ddns, forward, unforward. */
    public List<String> operationNames() {
        return operations.keySet().stream().sorted().toList();
    }

    /** How many steps its operations have in all. */
    public int stepCount() {
        return operations.values().stream().mapToInt(o -> o.steps().size()).sum();
    }

    /** The operation named {@code name} ({@code forward}, {@code unforward}, {@code ddns}), if the profile has it. */
    public Optional<Operation> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    /**
     * Detection rules.
     *
     * @param any     the router matches when one of these matches
     * @param require page probes checked once logged in; all must match
     */
    record Detect(List<Probe> any, List<Probe> require) {
        Detect {
            any = List.copyOf(any);
            require = List.copyOf(require);
        }
    }

    /**
     * One probe: {@code auth_realm} (the realm of the 401 to an anonymous request) or {@code get} (a page).
     *
     * @param kind  auth_realm or get
     * @param path  page to fetch (get)
     * @param auth  whether to send credentials (get)
     * @param regex must be found in the realm or the body
     * @param form  a selector that must match on the page (get)
     */
    record Probe(String kind, String path, boolean auth, Optional<String> regex, Optional<String> form) { }

    /**
     * How to talk to the admin pages.
     *
     * @param auth            {@code basic} (the only kind in schema 1)
     * @param cookieEcho      retry once after a 401 that set a cookie (the XSRF_TOKEN dance)
     * @param throttleMillis  pause between requests
     * @param timeoutSeconds  per-request timeout
     * @param charsetFallback charset when neither header nor meta names one and the bytes are not UTF-8
     */
    record Transport(String auth, boolean cookieEcho, int throttleMillis, int timeoutSeconds, String charsetFallback) { }

    /**
     * Session rules.
     *
     * @param busy     regex: this page says another admin holds the router
     * @param takeOver steps that take the session over (only with --take-over)
     * @param expired  regex: this page says the form token expired
     * @param errors   regexes of error pages; group 1, when present, is the router's message
     * @param logout   steps that end the session, always run
     */
    record Session(Optional<String> busy, List<Step> takeOver, Optional<String> expired, List<String> errors,
                   List<Step> logout) {
        Session {
            takeOver = List.copyOf(takeOver);
            errors = List.copyOf(errors);
            logout = List.copyOf(logout);
        }
    }

    /**
     * Parameter limits.
     *
     * @param nameMax         longest service/rule name the router accepts
     * @param namePattern     regex every name must match
     * @param portTranslation whether the internal port may differ from the external one
     */
    record Limits(int nameMax, String namePattern, boolean portTranslation) { }

    /**
     * A sequence of steps and an optional read-back.
     *
     * @param steps  run in order; a step with a false {@code when} is skipped
     * @param verify re-read after the steps
     */
    record Operation(List<Step> steps, Optional<Verify> verify) {
        Operation {
            steps = List.copyOf(steps);
        }
    }

    /**
     * A read-back: fetch a page and expect a regex (or its absence).
     *
     * @param get         page to fetch
     * @param fallbackGet page to fetch when {@code get} does not answer 200
     * @param expect      what it must show
     */
    record Verify(String get, Optional<String> fallbackGet, Expect expect) { }

    /**
     * One step.
     *
     * @param id          unique within its list; named in errors
     * @param when        a variable name, optionally negated with {@code !}; the step runs when it holds
     * @param get         a page path (relative to the router URL)
     * @param fallbackGet a second page to try when {@code get} does not answer 200 (older firmware layouts)
     * @param submit      a form to submit, found on the page the previous step returned
     * @param expect      what the response must show
     * @param extract     variables read from the response
     * @param tables      tables read from the response (for listing)
     * @param changes     what this step changes on the router (a template), for the half-applied report
     */
    record Step(String id, Optional<String> when, Optional<String> get, Optional<String> fallbackGet,
                Optional<Submit> submit, Expect expect, Map<String, Extract> extract, Map<String, Table> tables,
                Optional<String> changes) {
        Step {
            extract = Map.copyOf(extract);
            tables = Map.copyOf(tables);
        }
    }

    /**
     * A form submission.
     *
     * @param form   CSS selector of the form on the current page
     * @param set    fields to set (templates); a field not in the form is added
     * @param derive what the page's JavaScript would have computed
     * @param drop   fields to remove (a trailing {@code *} matches a prefix)
     * @param button the clicked button to send as name=value; buttons are never sent otherwise
     */
    record Submit(String form, Map<String, String> set, List<Derive> derive, List<String> drop, Optional<Button> button) {
        Submit {
            set = Map.copyOf(set);
            derive = List.copyOf(derive);
            drop = List.copyOf(drop);
        }
    }

    /** A clicked button. */
    record Button(String name, String value) { }

    /**
     * A JavaScript emulation. {@code mirror_h}: {@code h_X = X} for each field; {@code join_ip}: target = prefix1..4
     * joined with dots; {@code const}: fixed values.
     *
     * @param op     mirror_h, join_ip or const
     * @param fields mirror_h: field to itself; join_ip: target to prefix; const: field to value
     */
    record Derive(String op, Map<String, String> fields) {
        Derive {
            fields = Map.copyOf(fields);
        }
    }

    /**
     * Expectations on a response.
     *
     * @param status       HTTP status
     * @param form         a selector that must match
     * @param bodyRegex    must be found
     * @param bodyNotRegex must not be found
     */
    record Expect(OptionalInt status, Optional<String> form, Optional<String> bodyRegex, Optional<String> bodyNotRegex) {
        static Expect none() {
            return new Expect(OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * A variable read from a response: with {@code css}, true when an element matches (and its text equals
     * {@code textEquals}, if given); with {@code regex}, group 1 or "true" when found.
     */
    record Extract(Optional<String> css, Optional<String> textEquals, Optional<String> regex) { }

    /**
     * A table read from a response: one row per element matching {@code rows}, or per {@code split.rowSeparator}
     * piece of a value.
     *
     * @param rows  CSS selector of the rows
     * @param cells column name to cell
     * @param split alternative to rows: a field value split into rows and columns
     */
    record Table(Optional<String> rows, Map<String, Cell> cells, Optional<Split> split) {
        Table {
            cells = Map.copyOf(cells);
        }
    }

    /**
     * One cell: the text (or {@code attr}) of the first element matching {@code css} within the row, optionally
     * narrowed to group 1 of {@code regex}.
     */
    record Cell(String css, Optional<String> attr, Optional<String> regex) { }

    /** A value such as {@code a;6;888;888@b;17;53;53} split into rows and named columns. */
    record Split(String css, String attr, String rowSeparator, String columnSeparator, List<String> columns) {
        Split {
            columns = List.copyOf(columns);
        }
    }

    /**
     * How to read the forwarding table.
     *
     * @param steps     steps whose {@code tables} fill the tables
     * @param from      the table with one row per forward
     * @param join      another table joined by column: {table, on: from-column, to: other-column}
     * @param fields    templates for name, protocol, external_port, internal_port, lan_ip over the row
     * @param protocols router protocol text to TCP, UDP or BOTH
     */
    record ListSpec(List<Step> steps, String from, Optional<Join> join, Map<String, String> fields,
                    Map<String, String> protocols) {
        ListSpec {
            steps = List.copyOf(steps);
            fields = Map.copyOf(fields);
            protocols = Map.copyOf(protocols);
        }
    }

    /** Joins {@code table} rows whose {@code to} column equals the row's {@code on} column; visible as table.column. */
    record Join(String table, String on, String to) { }
}
