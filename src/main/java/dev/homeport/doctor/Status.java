package dev.homeport.doctor;

import java.util.Locale;

/** How one check came out. Only {@link #PROBLEM} blocks reachability. */
public enum Status {
    /** Checked and fine. */
    OK,
    /** Not blocking now, but worth fixing (or about to bite). */
    WARNING,
    /** Blocks reachability: the site cannot be reached until this is fixed. */
    PROBLEM,
    /** A fact for the user, with no verdict (hairpin, consequences of an earlier problem). */
    INFO,
    /** Not checked, with the reason in the evidence. Never a pass. */
    SKIPPED;

    /** Lower-case name as printed and as written in JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
