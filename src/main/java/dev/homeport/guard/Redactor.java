package dev.homeport.guard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it leaves homeport (stdout, stderr, logs, state files), in every form a secret
 * travels in: raw, URL-encoded (form and percent encoding, either hex case), inside Base64 (an echoed
 * {@code Authorization: Basic} header is Base64 of {@code user:password}, so any Base64 run whose decoding contains a
 * secret is replaced), and the password part of any URL's userinfo ({@code http://user:pass@host}), registered or not.
 *
 * <p>Secrets are registered where they are read ({@link #add}); the run's redactor is {@link #current()}. This is the
 * one piece of process-wide state in homeport, on purpose: the secrets are found deep in capability code (secret
 * files, environment tokens) and the logger they must be kept out of is process-wide itself. {@link #startRun()} gives
 * every command line a fresh one.
 */
public final class Redactor {
    /** What a secret is replaced with. */
    public static final String MASK = "****";
    /** Shorter strings are not treated as secrets: masking every "ab" in the output would garble it for nothing. */
    static final int MIN_LENGTH = 3;
    private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/\\s:@]*):[^/\\s@]*@");
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{4,}={0,2}");
    private static volatile Redactor current = new Redactor();

    private final Set<String> secrets = new CopyOnWriteArraySet<>();
    private final Set<String> forms = new CopyOnWriteArraySet<>();

    /** The redactor of this run. */
    public static Redactor current() {
        return current;
    }

    /** Starts a new run with no secrets registered yet, and returns its redactor. */
    public static Redactor startRun() {
        Redactor r = new Redactor();
        current = r;
        return r;
    }

    /** Registers a secret (and its encoded forms) to be removed from all output from now on. */
    public Redactor add(String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH) return this;
        for (String s : new LinkedHashSet<>(java.util.List.of(secret, secret.strip()))) {
            if (s.length() < MIN_LENGTH || !secrets.add(s)) continue;
            forms.addAll(encodings(s));
        }
        return this;
    }

    private static Set<String> encodings(String s) {
        Set<String> out = new LinkedHashSet<>();
        out.add(s);
        String form = URLEncoder.encode(s, StandardCharsets.UTF_8);
        out.add(form);
        out.add(form.replace("+", "%20"));
        out.add(lowerHex(form));
        out.add(lowerHex(form.replace("+", "%20")));
        return out;
    }

    private static String lowerHex(String encoded) {
        Matcher m = Pattern.compile("%[0-9A-F]{2}").matcher(encoded);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, m.group().toLowerCase(Locale.ROOT));
        m.appendTail(b);
        return b.toString();
    }

    /** True when no secret is registered (URL userinfo is still removed by {@link #redact}). */
    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** {@code text} with every registered secret, in every form, and every URL userinfo password masked. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = USERINFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + ":" + MASK + "@");
        if (secrets.isEmpty()) return out;
        for (String f : forms) {
            if (out.contains(f)) out = out.replace(f, MASK);
        }
        return maskBase64(out);
    }

    private String maskBase64(String text) {
        Matcher m = BASE64_RUN.matcher(text);
        StringBuilder b = null;
        int last = 0;
        while (m.find()) {
            if (!decodesToSecret(m.group())) continue;
            if (b == null) b = new StringBuilder(text.length());
            b.append(text, last, m.start()).append(MASK);
            last = m.end();
        }
        if (b == null) return text;
        return b.append(text, last, text.length()).toString();
    }

    private boolean decodesToSecret(String run) {
        String body = run.replace("=", "");
        // A secret inside Base64 can start at any of three byte offsets: try each alignment of the run.
        for (int skip = 0; skip < 4 && body.length() - skip >= 4; skip++) {
            String part = body.substring(skip);
            String decoded = decode(part.length() % 4 == 1 ? part.substring(0, part.length() - 1) : part);
            for (String s : secrets) {
                if (decoded.contains(s)) return true;
            }
        }
        return false;
    }

    private static String decode(String part) {
        try {
            boolean url = part.indexOf('-') >= 0 || part.indexOf('_') >= 0;
            byte[] bytes = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(part);
            return new String(bytes, StandardCharsets.ISO_8859_1) + "\u0000" + new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
