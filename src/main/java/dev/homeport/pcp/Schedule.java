package dev.homeport.pcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When to (re)send a request: an initial wait doubling after each try up to a maximum, all within an overall budget.
 * The RFCs retry for a minute or more; a command a person waits for, or that walks to the next protocol under
 * {@code --via auto}, cannot, so the budget cuts the schedule short.
 *
 * @param initial the wait after the first send
 * @param max     the longest single wait
 * @param budget  the longest the whole exchange may take
 */
public record Schedule(Duration initial, Duration max, Duration budget) {
    /** RFC 6886 §3.1: 250 ms, doubling; cut at 4 s (tries at 0, 0.25, 0.75, 1.75 s). */
    public static final Schedule NAT_PMP = new Schedule(Duration.ofMillis(250), Duration.ofSeconds(64), Duration.ofSeconds(4));
    /** RFC 6887 §8.1.1: IRT 3 s, doubling to MRT 1024 s; cut at 7 s (tries at 0 and 3 s). */
    public static final Schedule PCP = new Schedule(Duration.ofSeconds(3), Duration.ofSeconds(1024), Duration.ofSeconds(7));

    public Schedule {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(budget, "budget");
        if (initial.isZero() || initial.isNegative()) throw new IllegalArgumentException("initial (" + initial + ") must be > 0");
        if (max.compareTo(initial) < 0) throw new IllegalArgumentException("max (" + max + ") must be >= initial");
        if (budget.isZero() || budget.isNegative()) throw new IllegalArgumentException("budget (" + budget + ") must be > 0");
    }

    /** The waits after each send, in order; their sum is the budget (the last one cut to fit). */
    List<Duration> waits() {
        List<Duration> out = new ArrayList<>();
        Duration left = budget;
        Duration next = initial;
        while (!left.isZero() && !left.isNegative()) {
            Duration w = next.compareTo(left) < 0 ? next : left;
            out.add(w);
            left = left.minus(w);
            next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        }
        return out;
    }
}
