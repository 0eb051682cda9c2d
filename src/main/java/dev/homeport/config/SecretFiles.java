package dev.homeport.config;

import dev.homeport.guard.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Rules for files holding secrets, and for the config file itself: others must not be able to read them. On a
 * filesystem without POSIX permissions the check is skipped.
 */
public final class SecretFiles {
    /** A password or token is a line; 64 KiB is generous and keeps a wrong path (a disk image) out of memory. */
    public static final long MAX_SECRET_FILE = 64 * 1024;

    /**
     * Checks a secret file is there, is a regular file, is readable, and is private to its owner.
     *
     * @throws ConfigException naming the config line that refers to it
     */
    void checkSecretFile(Path secret, Path config, int line, String key) {
        if (!Files.exists(secret)) {
            throw new ConfigException(config, line, key, "secret file " + secret + " does not exist",
                    "create it with the password on one line, then 'chmod 600 " + secret + "'");
        }
        if (!Files.isRegularFile(secret) || !Files.isReadable(secret)) {
            throw new ConfigException(config, line, key, "secret file " + secret + " is not a readable file",
                    "check its owner and permissions (homeport runs as " + System.getProperty("user.name") + ")");
        }
        if (isEmpty(secret)) {
            throw new ConfigException(config, line, key, "secret file " + secret + " is empty", "put the password on its first line");
        }
        if (!isPrivate(secret)) {
            throw new ConfigException(config, line, key, "secret file " + secret + " can be read or changed by other users",
                    "run 'chmod 600 " + secret + "'");
        }
    }

    /**
     * The config file must not be readable or writable by others (it names secret files and routers).
     *
     * @throws ConfigException when it is
     */
    void checkConfigFile(Path config) {
        Set<PosixFilePermission> perms = permissions(config);
        if (perms != null && (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)
                || perms.contains(PosixFilePermission.GROUP_WRITE))) {
            throw new ConfigException(config, 0, "", "the config file can be read or changed by other users",
                    "run 'chmod 600 " + config + "'");
        }
    }

    /**
     * True unless group or others may read or change the file (always true where POSIX permissions do not exist).
     */
    public static boolean isPrivate(Path secret) {
        Set<PosixFilePermission> perms = permissions(secret);
        return perms == null || !(perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)
                || perms.contains(PosixFilePermission.OTHERS_WRITE) || perms.contains(PosixFilePermission.GROUP_WRITE));
    }

    /**
     * Reads a secret: the first line, without the line break.
     *
     * @throws IOException when it cannot be read
     */
    public static String readSecret(Path secret) throws IOException {
        if (Files.size(secret) > MAX_SECRET_FILE) {
            throw new IOException(secret + " is larger than " + MAX_SECRET_FILE + " bytes: not a password file");
        }
        String s = Files.readString(secret, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        String first = nl < 0 ? s : s.substring(0, nl);
        String value = first.endsWith("\r") ? first.substring(0, first.length() - 1) : first;
        Redactor.current().add(value);
        return value;
    }

    private static boolean isEmpty(Path p) {
        try {
            return Files.size(p) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Set<PosixFilePermission> permissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }
}
