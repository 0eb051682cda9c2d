package dev.homeport.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The one way homeport reads a response body: streamed, and refused once it grows past a cap. The cap counts the
 * bytes homeport actually receives from OkHttp, which are already decompressed when OkHttp negotiated gzip, so a
 * small compressed body that expands to hundreds of MB stops at the cap like a body that never ends.
 */
public final class BoundedBody {
    /** Router admin pages, descriptions and SOAP answers of real devices are a few KiB to ~200 KiB. */
    public static final long ROUTER_PAGE = 1024 * 1024;

    private BoundedBody() {
    }

    /** A body larger than the cap: the request is abandoned, nothing of it is used. */
    public static final class TooLargeException extends IOException {
        private final long cap;

        TooLargeException(long cap, String detail) {
            super("the answer is larger than " + cap + " bytes" + detail + " (refused)");
            this.cap = cap;
        }

        /** The cap that was exceeded, in bytes. */
        public long cap() {
            return cap;
        }
    }

    /**
     * Reads at most {@code cap} bytes of {@code body} (chunked, declared or close-delimited alike).
     *
     * @throws TooLargeException when the declared length or the bytes actually sent exceed {@code cap}
     * @throws IOException       when reading fails
     */
    public static byte[] read(ResponseBody body, long cap) throws IOException {
        if (cap < 0) throw new IllegalArgumentException("cap (" + cap + ") must be >= 0");
        if (body == null) return new byte[0];
        if (body.contentLength() > cap) {
            throw new TooLargeException(cap, ": it declares " + body.contentLength());
        }
        BufferedSource source = body.source();
        // request() pulls in segments until cap + 1 bytes are buffered or the body ends: never more than that in memory.
        if (source.request(cap + 1)) throw new TooLargeException(cap, "");
        return source.getBuffer().readByteArray();
    }

    /**
     * The first {@code cap} bytes of {@code body} at most, the rest left unread: for a check that only looks at the
     * start of a page it does not control the size of (doctor fetching the user's own site).
     */
    public static byte[] prefix(ResponseBody body, long cap) throws IOException {
        if (body == null) return new byte[0];
        BufferedSource source = body.source();
        source.request(cap);
        return source.getBuffer().readByteArray(Math.min(cap, source.getBuffer().size()));
    }

    /** {@link #read} decoded as UTF-8 (malformed bytes replaced). */
    public static String readUtf8(ResponseBody body, long cap) throws IOException {
        return new String(read(body, cap), StandardCharsets.UTF_8);
    }
}
