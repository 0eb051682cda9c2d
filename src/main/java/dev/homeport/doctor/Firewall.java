package dev.homeport.doctor;

import java.util.List;
import java.util.Objects;

/** The local packet filter as its tools print it: {@code ufw status verbose}, {@code nft list ruleset}, {@code iptables-save}. */
public interface Firewall {

    /** One dump per tool, in that order; a tool that is not installed is reported as {@link Outcome#MISSING}. */
    List<Dump> read();

    /** What asking one tool gave. */
    enum Outcome {
        /** The tool printed its rules. */
        TEXT,
        /** The tool is installed but reading needs privileges this run does not have. */
        NOT_PERMITTED,
        /** The tool is not installed. */
        MISSING,
        /** The tool failed for another reason (the text says why). */
        FAILED
    }

    /**
     * One tool's output.
     *
     * @param tool    {@code ufw}, {@code nft} or {@code iptables}
     * @param outcome what happened
     * @param text    the rules for TEXT, the error message otherwise
     */
    record Dump(String tool, Outcome outcome, String text) {
        public Dump {
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(outcome, "outcome");
            text = text == null ? "" : text;
        }
    }
}
