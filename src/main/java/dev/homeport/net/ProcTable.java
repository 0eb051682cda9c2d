package dev.homeport.net;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a kernel table such as {@code /proc/net/route}: its lines, each split into fields on runs of blanks. Plain
 * byte reads and no regular expression: the first routing-table read is on the way to the SSDP search, where
 * {@code Files.readAllLines} and {@code String.split("\\s+")} cost a cold run a few milliseconds of CPU.
 */
final class ProcTable {
    /** The most bytes read from one table: the rest (a router's full routing table, say) is left unread. */
    static final int MAX_BYTES = 1 << 20;
    /** The most lines read from one table (a router's routing table can be long; what homeport looks for comes early). */
    static final int MAX_LINES = 4096;

    private ProcTable() {
    }

    /** The fields of each of the first {@link #MAX_LINES} lines of {@code file}; empty when it cannot be read. */
    static List<String[]> rows(Path file) {
        return rows(file, MAX_LINES);
    }

    /** The fields of each of the first {@code maxLines} lines of {@code file}; empty when it cannot be read. */
    static List<String[]> rows(Path file, int maxLines) {
        byte[] data;
        try (InputStream in = new FileInputStream(file.toFile())) {
            data = in.readNBytes(MAX_BYTES);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>();
        int i = 0;
        while (i < data.length && out.size() < maxLines) {
            int end = i;
            while (end < data.length && data[end] != '\n') end++;
            out.add(fields(data, i, end));
            i = end + 1;
        }
        return out;
    }

    private static String[] fields(byte[] b, int from, int to) {
        List<String> f = new ArrayList<>();
        int i = from;
        while (i < to) {
            while (i < to && blank(b[i])) i++;
            int start = i;
            while (i < to && !blank(b[i])) i++;
            if (i > start) f.add(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
        }
        return f.toArray(new String[0]);
    }

    private static boolean blank(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b;
    }
}
