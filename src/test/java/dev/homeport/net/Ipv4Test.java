package dev.homeport.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class Ipv4Test {
    @Test
    void classifiesTheAddressesThatDecideReachability() {
        assertEquals(Ipv4.Scope.PUBLIC, Ipv4.scope("11.7.0.2"));
        assertEquals(Ipv4.Scope.PRIVATE, Ipv4.scope("192.168.1.1"));
        assertEquals(Ipv4.Scope.PRIVATE, Ipv4.scope("172.31.255.255"));
        assertEquals(Ipv4.Scope.PUBLIC, Ipv4.scope("172.32.0.1"));
        assertEquals(Ipv4.Scope.CGNAT, Ipv4.scope("100.64.0.1"));
        assertEquals(Ipv4.Scope.CGNAT, Ipv4.scope("100.127.255.254"));
        assertEquals(Ipv4.Scope.PUBLIC, Ipv4.scope("100.128.0.1"));
        assertEquals(Ipv4.Scope.LOOPBACK, Ipv4.scope("127.0.0.1"));
        assertEquals(Ipv4.Scope.LINK_LOCAL, Ipv4.scope("169.254.3.4"));
        assertEquals(Ipv4.Scope.UNSPECIFIED, Ipv4.scope("0.0.0.0"));
    }

    @Test
    void rejectsNonCanonicalText() {
        assertFalse(Ipv4.isValid("1.2.3"));
        assertFalse(Ipv4.isValid("01.2.3.4"));
        assertFalse(Ipv4.isValid("256.1.1.1"));
        assertFalse(Ipv4.isValid("a.b.c.d"));
    }
}
