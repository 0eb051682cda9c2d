package dev.homeport.pcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * Random bytes straight from the kernel's generator ({@code /dev/urandom}), as a {@link SecureRandom} for the PCP
 * nonces. The JDK's default one reads the same device but mixes in its own SHA1PRNG, whose start (the SHA-1 code and
 * its byte-array views, one generated class) cost a cold {@code forward} about 10 ms just before its PCP request. The
 * kernel's generator is the source both draw on; it needs no seeding, so {@code setSeed} adds nothing.
 */
public final class KernelRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private static final Path DEVICE = Path.of("/dev/urandom");

    private KernelRandom() {
        super(new Spi(), null);
    }

    /** A new instance; each request for bytes reads the device. */
    public static SecureRandom create() {
        return new KernelRandom();
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;

        @Override
        protected void engineSetSeed(byte[] seed) {
            // the kernel's pool needs no seed from us
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            try (InputStream in = Files.newInputStream(DEVICE)) {
                if (in.readNBytes(bytes, 0, bytes.length) != bytes.length) throw new IOException("short read");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + DEVICE, e);
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int n) {
            byte[] b = new byte[n];
            engineNextBytes(b);
            return b;
        }
    }
}
