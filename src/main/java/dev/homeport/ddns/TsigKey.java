package dev.homeport.ddns;

import dev.homeport.config.ConfigException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.utils.base64;

/**
 * A TSIG key as BIND writes it ({@code tsig-keygen -a hmac-sha256 NAME}):
 * <pre>
 * key "NAME" {
 *         algorithm hmac-sha256;
 *         secret "BASE64";
 * };
 * </pre>
 *
 * @param name      the key's name, as the server knows it
 * @param algorithm one of {@link #ALGORITHMS}
 * @param secret    the base64 secret; never shown
 */
record TsigKey(String name, String algorithm, Secret secret) {
    /** The HMAC algorithms BIND offers for TSIG ({@code tsig-keygen -a}). */
    static final Set<String> ALGORITHMS = Set.of("hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512");
    private static final long MAX_BYTES = 16 * 1024;

    TsigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(secret, "secret");
        if (!ALGORITHMS.contains(algorithm)) throw new IllegalArgumentException("algorithm (" + algorithm + ") is not a TSIG HMAC");
    }

    /**
     * Reads the first {@code key} clause of a BIND key file. Messages name the file and line, never the secret.
     *
     * @throws ConfigException when the file cannot be read, is not a key clause, names an unknown algorithm, or its
     *                         secret is not base64
     */
    static TsigKey read(Path file) {
        String text;
        if (!dev.homeport.config.SecretFiles.isPrivate(file)) {
            throw bad(file, 0, "can be read or changed by other users", "run 'chmod 600 " + file + "'");
        }
        try {
            if (Files.size(file) > MAX_BYTES) throw bad(file, 0, "is larger than a key file can be", "point tsig-key-file at the key");
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw bad(file, 0, "is not UTF-8 text", "point tsig-key-file at the key file tsig-keygen wrote");
        } catch (IOException e) {
            throw bad(file, 0, "cannot be read: " + e.getClass().getSimpleName(), "check its owner and permissions");
        }
        return parse(file, text);
    }

    /** Parses the text of a key file; {@code file} is only for messages. */
    static TsigKey parse(Path file, String text) {
        List<Token> t = tokens(file, text);
        int i = 0;
        if (t.isEmpty()) throw bad(file, 0, "is empty", "write the key with 'tsig-keygen -a hmac-sha256 NAME > " + file + "'");
        expectWord(file, t, i++, "key");
        Token name = at(file, t, i++);
        if (name.kind != Kind.STRING && name.kind != Kind.WORD) throw bad(file, name.line, "expected the key's name", null);
        // The name goes on the wire in the TSIG record: one that is not a DNS name would only fail at the first update.
        if (!isDnsName(name.text)) {
            throw bad(file, name.line, "the key name '" + name.text + "' is not a DNS name",
                    "name the key like tsig-keygen does: letters, digits, '-' and '.', labels of at most 63 characters");
        }
        expectSymbol(file, t, i++, "{");
        String algorithm = null;
        String secret = null;
        int secretLine = name.line;
        while (!at(file, t, i).is(Kind.SYMBOL, "}")) {
            Token option = at(file, t, i++);
            Token value = at(file, t, i++);
            expectSymbol(file, t, i++, ";");
            switch (option.kind == Kind.WORD ? option.text.toLowerCase(Locale.ROOT) : "") {
                case "algorithm" -> {
                    algorithm = value.text.toLowerCase(Locale.ROOT);
                    if (!ALGORITHMS.contains(algorithm)) {
                        throw bad(file, value.line, "unknown algorithm " + (shown(value).isEmpty() ? "" : "'" + shown(value) + "'"),
                                "use one of " + String.join(", ", new java.util.TreeSet<>(ALGORITHMS)));
                    }
                }
                case "secret" -> {
                    secret = value.text;
                    secretLine = value.line;
                }
                default -> throw bad(file, option.line,
                        "unexpected " + (shown(option).isEmpty() ? "text" : "'" + shown(option) + "'") + " in the key clause",
                        "a key clause holds 'algorithm' and 'secret'");
            }
        }
        i++;
        expectSymbol(file, t, i, ";");
        if (algorithm == null) throw bad(file, name.line, "the key has no 'algorithm'", "add 'algorithm hmac-sha256;'");
        if (secret == null) throw bad(file, name.line, "the key has no 'secret'", "make the file with tsig-keygen");
        try {
            // dnsjava signs with it and takes only padded base64 (as BIND writes it): refuse here what it would not take.
            if (secret.isEmpty() || Base64.getDecoder().decode(secret).length == 0 || base64.fromString(secret) == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw bad(file, secretLine, "the secret is not base64", "make the file anew with tsig-keygen");
        }
        return new TsigKey(name.text, algorithm, new Secret(secret));
    }

    private static boolean isDnsName(String name) {
        try {
            Name.fromString(name.endsWith(".") ? name : name + ".");
            return !name.isEmpty();
        } catch (TextParseException e) {
            return false;
        }
    }

    private static ConfigException bad(Path file, int line, String problem, String hint) {
        return new ConfigException(file, line, "tsig-key-file", line > 0 || problem.startsWith("the") ? problem : "the key file " + problem,
                hint == null ? "the file should be what 'tsig-keygen -a hmac-sha256 NAME' prints" : hint);
    }

    /** A token as it may appear in a message: a short keyword-like word, else nothing (it might be the secret). */
    private static String shown(Token t) {
        return t.kind == Kind.WORD && t.text.matches("[a-z][a-z0-9-]{0,19}") || t.kind == Kind.SYMBOL ? t.text : "";
    }

    private static Token at(Path file, List<Token> t, int i) {
        if (i >= t.size()) {
            int line = t.isEmpty() ? 0 : t.get(t.size() - 1).line;
            throw bad(file, line, "the key clause ends too early", "it ends with '};'");
        }
        return t.get(i);
    }

    private static void expectWord(Path file, List<Token> t, int i, String word) {
        Token k = at(file, t, i);
        if (!k.is(Kind.WORD, word)) throw bad(file, k.line, "expected '" + word + "'", null);
    }

    private static void expectSymbol(Path file, List<Token> t, int i, String symbol) {
        Token k = at(file, t, i);
        if (!k.is(Kind.SYMBOL, symbol)) {
            throw bad(file, k.line, "expected '" + symbol + "'" + (shown(k).isEmpty() ? "" : " before '" + shown(k) + "'"), null);
        }
    }

    /** Splits named.conf syntax into words, quoted strings and {@code { } ;}, dropping #, // and C comments. */
    private static List<Token> tokens(Path file, String s) {
        List<Token> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') i++;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) throw bad(file, line, "a comment is not closed", "close it with */");
                line += (int) s.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end + 2;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0 || s.substring(i, end).indexOf('\n') >= 0) throw bad(file, line, "a quoted string is not closed", null);
                out.add(new Token(Kind.STRING, s.substring(i + 1, end), line));
                i = end + 1;
            } else if (c == '{' || c == '}' || c == ';') {
                out.add(new Token(Kind.SYMBOL, String.valueOf(c), line));
                i++;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "{};\"#".indexOf(s.charAt(i)) < 0) i++;
                out.add(new Token(Kind.WORD, s.substring(start, i), line));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "TsigKey[" + name + ", " + algorithm + "]";
    }

    private enum Kind { WORD, STRING, SYMBOL }

    private record Token(Kind kind, String text, int line) {
        boolean is(Kind k, String s) {
            return kind == k && text.equalsIgnoreCase(s);
        }
    }
}
