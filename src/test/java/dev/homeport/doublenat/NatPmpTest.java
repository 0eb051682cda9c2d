package dev.homeport.doublenat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.homeport.core.Protocol;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NatPmpTest {

    @Test
    void aTcpMapRequestIsTheTwelveBytesOfRfc6886() {
        byte[] r = NatPmp.request(Protocol.TCP, 888, 888, 3600);
        assertArrayEquals(new byte[] {0, 2, 0, 0, 0x03, 0x78, 0x03, 0x78, 0, 0, 0x0e, 0x10}, r);
    }

    @Test
    void aSuccessAnswerGivesTheMappedPortAndLifetime() {
        byte[] a = {0, (byte) 130, 0, 0, 0, 0, 0, 5, 0x03, 0x78, 0x22, (byte) 0xb8, 0, 0, 0, 60};
        assertEquals(Optional.of(new NatPmp.Mapped(8888, 60)), NatPmp.parse(a, a.length, Protocol.TCP));
    }

    @Test
    void anErrorAnswerGivesItsResultCodeAndOtherPacketsAreIgnored() {
        byte[] refused = {0, (byte) 130, 0, 2, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(Optional.of(2), NatPmp.parse(refused, refused.length, Protocol.TCP));
        assertEquals(Optional.empty(), NatPmp.parse(refused, refused.length, Protocol.UDP));
        assertEquals(Optional.empty(), NatPmp.parse(refused, 8, Protocol.TCP));
    }
}
