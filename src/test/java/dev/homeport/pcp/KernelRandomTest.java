package dev.homeport.pcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelRandomTest {
    @Test
    void noncesComeFromTheKernelAndASeedDoesNotMakeThemRepeat() {
        SecureRandom a = KernelRandom.create();
        SecureRandom b = KernelRandom.create();
        a.setSeed(42);
        b.setSeed(42);
        byte[] x = new byte[PcpCodec.NONCE_SIZE];
        byte[] y = new byte[PcpCodec.NONCE_SIZE];
        a.nextBytes(x);
        b.nextBytes(y);
        assertFalse(Arrays.equals(x, y), "the same seed must not give the same nonce (a seeded PRNG would)");
        assertFalse(Arrays.equals(x, new byte[x.length]), "not left zero");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) seen.add(Nonce.random(a).hex());
        assertEquals(200, seen.size(), "96-bit nonces never repeat in practice");
        byte[] many = new byte[100_000];
        a.nextBytes(many); // larger than one read of the device may return
        int[] counts = new int[256];
        for (byte v : many) counts[v & 0xff]++;
        for (int c : counts) assertNotEquals(0, c, "every byte value shows up in 100,000 random bytes");
        assertEquals(16, a.generateSeed(16).length);
    }
}
