package dev.homeport.pcp;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A PCP mapping nonce (RFC 6887 §11.1): 96 random bits that make a mapping the client's own. The router lets only the
 * same nonce renew or delete the mapping (miniupnpd answers NOT_AUTHORIZED otherwise), so it is kept in state.
 *
 * @param hex 24 lower-case hex digits
 */
public record Nonce(String hex) {

    public Nonce {
        Objects.requireNonNull(hex, "hex");
        if (!hex.matches("[0-9a-f]{24}")) throw new IllegalArgumentException("nonce '" + hex + "' must be 24 hex digits");
    }

    /** A fresh random nonce. */
    public static Nonce random(SecureRandom random) {
        byte[] b = new byte[PcpCodec.NONCE_SIZE];
        random.nextBytes(b);
        return new Nonce(HexFormat.of().formatHex(b));
    }

    byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
