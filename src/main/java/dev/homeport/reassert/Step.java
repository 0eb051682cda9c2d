package dev.homeport.reassert;

import dev.homeport.core.HomeportException;
import java.util.Objects;
import java.util.Optional;

/**
 * One check or change of a reconcile, in the order it happened.
 *
 * @param action  what was found or done
 * @param subject {@code 888/tcp} for a mapping, {@code dns} for dynamic DNS
 * @param name    the forward's name in the config, or the mapping's description when it is not in the config
 * @param message one line for the user, already saying "would" in a dry run
 * @param hint    what the user can do, for problems
 */
public record Step(Action action, String subject, String name, String message, Optional<String> hint,
                   Optional<HomeportException.Kind> problem) {

    public Step {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
        Objects.requireNonNull(problem, "problem");
        if (action.problem && problem.isEmpty()) throw new IllegalArgumentException("problem must be set for " + action);
    }

    static Step check(Action action, String subject, String name, String message) {
        return new Step(action, subject, name, message, Optional.empty(), Optional.empty());
    }

    static Step problem(Action action, String subject, String name, String message, Optional<String> hint,
                        HomeportException.Kind kind) {
        return new Step(action, subject, name, message, hint, Optional.of(kind));
    }

    /** True when the router or DNS was changed (or, in a dry run, would be). */
    public boolean changed() {
        return action.change;
    }

    /** True when something stopped the router or DNS from matching the config. */
    public boolean failed() {
        return problem.isPresent();
    }

    /** What a step found or did. */
    public enum Action {
        /** The mapping is there, correct, with enough lease left. */
        OK(false, false),
        /** Another program made a mapping that forwards exactly as asked; homeport leaves it alone. */
        UNMANAGED(false, false),
        ADDED(true, false),
        RENEWED(true, false),
        /** homeport's mapping pointed at the wrong host or port: replaced. */
        FIXED(true, false),
        /** homeport's mapping was right but for its name (description): given the config's name. */
        RENAMED(true, false),
        /** A mapping reassert made for the config is no longer in the config: removed. */
        REMOVED(true, false),
        /** Not in the config, but {@code --no-prune} keeps it. */
        KEPT(false, false),
        /** Someone else holds the port: nothing touched. */
        CONFLICT(false, true),
        /** The router refused or failed a change. */
        FAILED(false, true),
        DNS_UNCHANGED(false, false),
        DNS_UPDATED(true, false),
        DNS_HELD(false, true),
        DNS_LATCHED(false, true),
        DNS_FAILED(false, true);

        private final boolean change;
        private final boolean problem;

        Action(boolean change, boolean problem) {
            this.change = change;
            this.problem = problem;
        }

        /** Lower-case name for JSON and logs: {@code dns_updated}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
