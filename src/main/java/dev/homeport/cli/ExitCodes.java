package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every exit code homeport uses, and the one mapping from failure kinds to them. Listed in --help and docs/exit-codes.md (generated). */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int CONFIG = 3;
    static final int NO_ROUTER = 4;
    static final int ROUTER_REFUSED = 5;
    static final int CONFLICT = 6;
    static final int NOT_OWNED = 7;
    static final int WEB_ADMIN = 8;
    static final int DDNS_BLOCKED = 9;
    static final int DDNS_FAILED = 10;
    static final int LOCKED = 11;
    static final int UNREACHABLE = 12;
    static final int IO = 13;
    static final int OUTER_CLOSED = 14;

    private ExitCodes() {
    }

    /** The exit code of a command that ended with {@code ex}: its kind's, or {@link #FAILURE} for anything else. */
    static int of(Throwable ex) {
        return ex instanceof HomeportException h ? of(h.kind()) : FAILURE;
    }

    static int of(HomeportException.Kind kind) {
        return switch (kind) {
            case USAGE -> USAGE;
            case CONFIG -> CONFIG;
            case NO_ROUTER -> NO_ROUTER;
            case ROUTER_REFUSED -> ROUTER_REFUSED;
            case CONFLICT -> CONFLICT;
            case NOT_OWNED -> NOT_OWNED;
            case WEB_ADMIN -> WEB_ADMIN;
            case DDNS_BLOCKED -> DDNS_BLOCKED;
            case DDNS_FAILED -> DDNS_FAILED;
            case LOCKED -> LOCKED;
            case UNREACHABLE -> UNREACHABLE;
            case IO -> IO;
            case OUTER_CLOSED -> OUTER_CLOSED;
            case INTERNAL -> FAILURE;
        };
    }

    /** The kind as {@code --json} names it in {@code error.kind}: {@code no-router}, {@code ddns-blocked}... */
    static String kindName(HomeportException.Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** A code's name in a command's one-line list: {@code 4 no-router}. */
    static String shortName(int code) {
        return switch (code) {
            case OK -> "ok";
            case FAILURE -> "internal";
            case USAGE -> "usage";
            case CONFIG -> "config";
            case NO_ROUTER -> "no-router";
            case ROUTER_REFUSED -> "router-refused";
            case CONFLICT -> "conflict";
            case NOT_OWNED -> "not-owned";
            case WEB_ADMIN -> "web-admin";
            case DDNS_BLOCKED -> "ddns-blocked";
            case DDNS_FAILED -> "ddns-failed";
            case LOCKED -> "locked";
            case UNREACHABLE -> "unreachable";
            case IO -> "io";
            case OUTER_CLOSED -> "outer-closed";
            default -> "?";
        };
    }

    /** The list shown under "Exit codes:" in --help. */
    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(OK + "", "success: the router and DNS are as asked");
        m.put(FAILURE + "", "unexpected failure (a bug: rerun with --stacktrace and report it)");
        m.put(USAGE + "", "bad command-line input");
        m.put(CONFIG + "", "config file invalid, unreadable or unsafe");
        m.put(NO_ROUTER + "", "no router found, or it does not answer");
        m.put(ROUTER_REFUSED + "", "the router refused (policy, not authorised, error)");
        m.put(CONFLICT + "", "the port is held by another host or mapping");
        m.put(NOT_OWNED + "", "the mapping was not made by homeport: left alone");
        m.put(WEB_ADMIN + "", "the router's web admin could not be driven");
        m.put(DDNS_BLOCKED + "", "dynamic DNS latched off or on hold");
        m.put(DDNS_FAILED + "", "dynamic DNS update failed");
        m.put(LOCKED + "", "another homeport run holds the lock");
        m.put(UNREACHABLE + "", "doctor found a problem that blocks reachability");
        m.put(IO + "", "local file or system error");
        m.put(OUTER_CLOSED + "", "double NAT: the home router forwards, the outer router must be opened by hand");
        return m;
    }
}
