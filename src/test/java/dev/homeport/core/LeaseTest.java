package dev.homeport.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LeaseTest {
    @Test
    void parsesUnitsAndPermanent() {
        assertEquals(604_800, Lease.parse("7d").seconds());
        assertEquals(7_200, Lease.parse("2h").seconds());
        assertEquals(1_800, Lease.parse("30m").seconds());
        assertEquals(45, Lease.parse("45s").seconds());
        assertEquals(3_600, Lease.parse("3600").seconds());
        assertEquals(0, Lease.parse("permanent").seconds());
        assertEquals("7d", Lease.parse("604800").toString());
    }

    @Test
    void refusesGarbageWithTheTextInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lease.parse("7x"));
        assertEquals("lease '7x' must be like 7d, 12h, 30m, 3600 or permanent", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Lease.parse("d"));
        assertThrows(IllegalArgumentException.class, () -> Lease.parse("99999999999d"));
    }

    @Test
    void refusesPortOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PortMapping.of(70000, Protocol.TCP, "192.0.2.10", 888, "x", 0));
        assertEquals("externalPort (70000) must be 1..65535", e.getMessage());
    }
}
