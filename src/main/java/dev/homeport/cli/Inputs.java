package dev.homeport.cli;

import dev.homeport.config.SecretFiles;
import dev.homeport.core.HomeportException;
import dev.homeport.core.HomeportException.Kind;
import dev.homeport.core.IpVersion;
import dev.homeport.core.Lease;
import dev.homeport.core.Protocol;
import dev.homeport.net.Ipv4;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Validation of what users type for ports, protocols, addresses and leases: one clear line, exit code USAGE. */
final class Inputs {
    private Inputs() {
    }

    /** What a port must be, in every message about one. */
    static final String PORT_RANGE = "a port number from 1 to 65535";

    /** The one shape of every bad-value message: {@code --port '0' must be a port number from 1 to 65535}. */
    static String mustBe(String option, String value, String expectation) {
        return option + " '" + value + "' must be " + expectation;
    }

    static int port(String option, int value) {
        if (value < 1 || value > 65535) throw usage(mustBe(option, value + "", PORT_RANGE));
        return value;
    }

    static List<Protocol> protocols(String text) {
        try {
            return Protocol.parseChoice(text);
        } catch (IllegalArgumentException e) {
            throw usage(mustBe("--protocol", text, "tcp, udp or both"));
        }
    }

    static IpVersion ipVersion(String text) {
        try {
            return IpVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage("--" + e.getMessage());
        }
    }

    static Lease lease(String text) {
        try {
            return Lease.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(mustBe("--lease", text, "a duration like 7d, 12h, 30m, 3600 (seconds) or permanent, at most 4294967295 seconds"));
        }
    }

    static String address(String option, String text) {
        String t = text.strip();
        if (!Ipv4.isValid(t)) throw usage(mustBe(option, text, "an IPv4 address like 192.168.1.20"));
        return t;
    }

    /** {@code 3s}, {@code 500ms}, {@code 2} (seconds); 100 ms to 60 s. */
    static Duration timeout(String option, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long millis;
        try {
            if (t.endsWith("ms")) {
                millis = Long.parseLong(t.substring(0, t.length() - 2));
            } else {
                millis = Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t) * 1000;
            }
        } catch (NumberFormatException e) {
            throw usage(mustBe(option, text, "a duration from 100ms to 60s, like 3s or 500ms"));
        }
        if (millis < 100 || millis > 60_000) throw usage(mustBe(option, text, "a duration from 100ms to 60s, like 3s or 500ms"));
        return Duration.ofMillis(millis);
    }

    /** This machine's host name, for mapping names (no DNS lookup: it could hang). */
    static String hostName() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!h.isEmpty()) return h;
        } catch (IOException | SecurityException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "host" : env.strip();
    }

    /**
     * The secret on the first line of the file an option names. Refused (exit USAGE) when it is not a readable file,
     * other users can read or change it, or it is empty; a file that is not UTF-8 is refused with {@code notUtf8}
     * (its bytes would be a guess at the password); a read error is IO.
     *
     * @param what      what the file holds, for the hint ("the router's admin password")
     * @param emptyHint the hint for an empty file, or null for none
     */
    static String secretFile(String option, Path file, String what, Kind notUtf8, String emptyHint) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new HomeportException(Kind.USAGE, option + " " + file + " is not a readable file",
                    "put " + what + " on one line in it, then 'chmod 600 " + file + "'");
        }
        if (!SecretFiles.isPrivate(file)) {
            throw new HomeportException(Kind.USAGE, option + " " + file + " can be read or changed by other users",
                    "run 'chmod 600 " + file + "'");
        }
        String secret;
        try {
            secret = SecretFiles.readSecret(file);
        } catch (CharacterCodingException e) {
            throw new HomeportException(notUtf8, option + " " + file + " is not UTF-8 text, so homeport cannot tell which"
                    + " password it holds", "save it as UTF-8, e.g. 'iconv -f latin1 -t utf-8'");
        } catch (IOException e) {
            throw new HomeportException(Kind.IO, "cannot read " + file + ": " + e.getMessage(), "check its permissions");
        }
        if (secret.isEmpty()) throw new HomeportException(Kind.USAGE, option + " " + file + " is empty", emptyHint);
        return secret;
    }

    static HomeportException usage(String message) {
        return new HomeportException(Kind.USAGE, message);
    }
}
