package dev.homeport.ddns;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The provider's answer for one hostname.
 *
 * @param host the hostname it is for
 * @param code what it means for the client
 * @param line the answer line as received (one line, truncated); empty when the answer had no line for the host
 */
record Answer(String host, Code code, String line) {

    /** What an answer obliges the client to do. */
    enum Code {
        /** Updated: remember the address. */
        GOOD,
        /** Already had this address: success, but repeating it without cause counts as abuse. */
        NOCHG,
        /** A fatal answer: stop until the user changes something. */
        LATCH,
        /** Provider trouble (911, dnserr): no updates for 30 minutes. */
        HOLD,
        /** {@code good 127.0.0.1}: the provider ignored the request. */
        IGNORED,
        /** Anything else, including no answer line at all: a failure, retried later with backoff. */
        UNKNOWN
    }

    static final int MAX_LINE = 120;

    /** What each fatal or holding answer word means for the user, and what to do. */
    private static final Map<String, String> MEANINGS = Map.ofEntries(
            Map.entry("badauth", "the user name or password was refused"),
            Map.entry("nohost", "the hostname does not exist in this account"),
            Map.entry("notfqdn", "a hostname is not a fully qualified domain name"),
            Map.entry("numhost", "too many hostnames in one request, or a round-robin hostname"),
            Map.entry("abuse", "the provider blocked the hostname for abuse; unblock it on the provider's web site"),
            Map.entry("badagent", "the provider refused this client (user agent or request method)"),
            Map.entry("!donator", "the update asked for a feature only paying accounts have"),
            Map.entry("badsys", "the provider rejected the update system parameter"),
            Map.entry("!yours", "the hostname belongs to another account"),
            Map.entry("!active", "the domain is not activated at the provider"),
            Map.entry("ko", "DuckDNS refused the token or a domain"),
            Map.entry("911", "the provider reports a problem or maintenance on its side"),
            Map.entry("dnserr", "the provider reports a DNS error on its side"),
            Map.entry("http-401", "the server refused the credentials (HTTP 401)"),
            Map.entry("http-403", "the server refused access (HTTP 403)"));

    Answer {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(code, "code");
        line = oneLine(line);
    }

    /** The status word: the text before the first space, lower case. */
    String word() {
        int sp = line.indexOf(' ');
        return (sp < 0 ? line : line.substring(0, sp)).toLowerCase(Locale.ROOT);
    }

    /** A sentence saying what the answer means, for latched and held answers. */
    String meaning() {
        return meaningOf(word()).orElse("unexpected answer '" + line + "'");
    }

    static Optional<String> meaningOf(String word) {
        return Optional.ofNullable(MEANINGS.get(word.toLowerCase(Locale.ROOT)));
    }

    /** Classifies one dyndns2 answer line. */
    static Answer dyndns2(String host, String line) {
        String l = oneLine(line);
        int sp = l.indexOf(' ');
        String word = (sp < 0 ? l : l.substring(0, sp)).toLowerCase(Locale.ROOT);
        String rest = sp < 0 ? "" : l.substring(sp + 1).strip();
        Code code = switch (word) {
            case "good" -> rest.equals("127.0.0.1") ? Code.IGNORED : Code.GOOD;
            case "nochg" -> Code.NOCHG;
            case "badauth", "nohost", "notfqdn", "numhost", "abuse", "badagent", "!donator", "badsys", "!yours", "!active" ->
                    Code.LATCH;
            case "911", "dnserr" -> Code.HOLD;
            default -> Code.UNKNOWN;
        };
        return new Answer(host, code, l);
    }

    /** Squeezes text onto one line of at most {@link #MAX_LINE} characters, so a raw answer can be shown safely. */
    static String oneLine(String text) {
        return oneLine(text, MAX_LINE);
    }

    /** Like {@link #oneLine(String)}, at most {@code max} characters. */
    static String oneLine(String text, int max) {
        String s = text == null ? "" : text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
