package dev.homeport.doctor;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer of one check.
 *
 * @param name     stable identifier ({@code local-server}, {@code firewall}, {@code router}, {@code wan-address},
 *                 {@code ip-echo}, {@code mapping}, {@code dns}, {@code hairpin})
 * @param subject  what was checked, e.g. {@code 888/tcp} or a hostname; empty when the check is global
 * @param status   the verdict
 * @param evidence what was seen; line breaks are folded into one line
 * @param fix      what to do about it, one line; empty when there is nothing to do
 */
public record Check(String name, String subject, Status status, String evidence, Optional<String> fix) {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(fix, "fix");
        if (!name.matches("[a-z][a-z-]*")) throw new IllegalArgumentException("name '" + name + "' must be lower-case words joined by '-'");
        if (evidence.isBlank()) throw new IllegalArgumentException("evidence of check '" + name + "' must not be blank");
        // evidence often quotes a router's or a tool's message: one line each, whatever they sent
        evidence = oneLine(evidence);
        fix = fix.filter(f -> !f.isBlank()).map(Check::oneLine);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    static Check ok(String name, String subject, String evidence) {
        return new Check(name, subject, Status.OK, evidence, Optional.empty());
    }

    static Check of(String name, String subject, Status status, String evidence, String fix) {
        return new Check(name, subject, status, evidence, Optional.ofNullable(fix));
    }

    /** True when this check blocks reachability. */
    public boolean blocking() {
        return status == Status.PROBLEM;
    }
}
