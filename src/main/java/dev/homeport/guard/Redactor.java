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
 * travels in: raw, URL-encoded (form, query and path-segment percent encoding, by any encoder, UTF-8 or Latin-1,
 * either hex case), inside Base64 (an echoed
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
        return maskBase64(maskPercentEncoded(out));
    }

    /**
     * A URL for logs and messages: the query (where session tokens travel) shown as {@code ?...} (ASCII, for
     * terminals in the C locale), the fragment dropped,
     * userinfo and every registered secret in the path (a segment, or across segments) masked.
     */
    public String url(String url) {
        if (url == null) return null;
        int cut = url.length();
        for (char c : new char[] {'?', '#'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) cut = i;
        }
        return redact(url.substring(0, cut)) + (url.indexOf('?') >= 0 && url.indexOf('?') == cut ? "?..." : "");
    }

    /**
     * Masks secrets inside percent-encoded text, whatever the encoder: a path segment (OkHttp keeps {@code +&=} raw
     * there), a query, a form body, UTF-8 or Latin-1 escapes, either hex case, '+' as itself or as a space. Fixed
     * encoded forms cannot cover every encoder's choice of characters, so each run with an escape is decoded to bytes
     * and searched for each secret's bytes; the characters those bytes came from are masked.
     */
    private String maskPercentEncoded(String text) {
        if (text.indexOf('%') < 0) return text;
        // Token by token (one linear pass: a regex with a leading [^...]* rescans long hostile tokens quadratically).
        StringBuilder b = null;
        int last = 0;
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && isBoundary(text.charAt(i))) i++;
            int start = i;
            boolean escaped = false;
            while (i < text.length() && !isBoundary(text.charAt(i))) {
                escaped |= text.charAt(i) == '%' && i + 2 < text.length() && Decoded.hex(text.charAt(i + 1))
                        && Decoded.hex(text.charAt(i + 2));
                i++;
            }
            String masked = escaped ? maskDecoded(text.substring(start, i)) : null;
            if (masked == null) continue;
            if (b == null) b = new StringBuilder(text.length());
            b.append(text, last, start).append(masked);
            last = i;
        }
        if (b == null) return text;
        return b.append(text, last, text.length()).toString();
    }

    private static boolean isBoundary(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>';
    }

    /** {@code run} with the characters that decode to a secret masked, or null when none does. */
    private String maskDecoded(String run) {
        boolean[] hide = new boolean[run.length()];
        boolean any = false;
        for (boolean plusIsSpace : new boolean[] {false, true}) {
            Decoded d = new Decoded(run, plusIsSpace);
            for (String s : secrets) {
                any |= d.mark(s.getBytes(StandardCharsets.UTF_8), hide);
                if (StandardCharsets.ISO_8859_1.newEncoder().canEncode(s)) any |= d.mark(s.getBytes(StandardCharsets.ISO_8859_1), hide);
            }
        }
        if (!any) return null;
        StringBuilder out = new StringBuilder(run.length());
        for (int i = 0; i < run.length(); i++) {
            if (!hide[i]) {
                out.append(run.charAt(i));
            } else if (i == 0 || !hide[i - 1]) {
                out.append(MASK);
            }
        }
        return out.toString();
    }

    /** Percent-decoded bytes of a run, each with the range of characters it came from. */
    private static final class Decoded {
        private final byte[] bytes;
        private final int[] from;
        private final int[] to;
        private int length;

        Decoded(String run, boolean plusIsSpace) {
            bytes = new byte[run.length() * 4];
            from = new int[bytes.length];
            to = new int[bytes.length];
            int i = 0;
            while (i < run.length()) {
                int start = i;
                char c = run.charAt(i);
                byte[] piece;
                if (c == '%' && i + 2 < run.length() && hex(run.charAt(i + 1)) && hex(run.charAt(i + 2))) {
                    piece = new byte[] {(byte) Integer.parseInt(run.substring(i + 1, i + 3), 16)};
                    i += 3;
                } else if (c == '+' && plusIsSpace) {
                    piece = new byte[] {' '};
                    i++;
                } else {
                    int cp = run.codePointAt(i);
                    i += Character.charCount(cp);
                    piece = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                }
                for (byte x : piece) {
                    bytes[length] = x;
                    from[length] = start;
                    to[length++] = i;
                }
            }
        }

        static boolean hex(char c) {
            char lower = (char) (c | 0x20);
            return c >= '0' && c <= '9' || lower >= 'a' && lower <= 'f';
        }

        /** Marks in {@code hide} the characters of every occurrence of {@code needle}; true if there was one. */
        boolean mark(byte[] needle, boolean[] hide) {
            boolean found = false;
            for (int k = 0; k + needle.length <= length; k++) {
                int j = 0;
                while (j < needle.length && bytes[k + j] == needle[j]) j++;
                if (j < needle.length) continue;
                for (int c = from[k]; c < to[k + needle.length - 1]; c++) hide[c] = true;
                found = true;
            }
            return found;
        }
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
