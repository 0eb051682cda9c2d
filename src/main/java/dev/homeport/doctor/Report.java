package dev.homeport.doctor;

import java.util.List;
import java.util.Optional;

/**
 * Every check of one run, in the order they were made and should be read.
 *
 * @param checks the results; the first {@link Status#PROBLEM} names the real cause
 */
public record Report(List<Check> checks) {

    public Report {
        checks = List.copyOf(checks);
    }

    /** True when something blocks reachability. */
    public boolean blocked() {
        return checks.stream().anyMatch(Check::blocking);
    }

    /** The first problem: the cause to fix first. */
    public Optional<Check> firstProblem() {
        return checks.stream().filter(Check::blocking).findFirst();
    }

    /** How many checks came out with {@code status}. */
    public long count(Status status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }
}
