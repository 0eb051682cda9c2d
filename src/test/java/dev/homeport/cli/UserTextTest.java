package dev.homeport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UserTextTest {
    @Test
    void showsAddressesWithoutJavasLeadingSlash() {
        assertEquals("cannot reach the router (Failed to connect to 11.7.0.2:888)",
                UserText.humane("cannot reach the router (Failed to connect to /11.7.0.2:888)", 0));
        assertEquals("timeout from 192.0.2.1", UserText.humane("timeout from /192.0.2.1", 0));
        assertEquals("see /etc/homeport/homeport.yaml", UserText.humane("see /etc/homeport/homeport.yaml", 0), "paths stay");
    }

    @Test
    void dropsExceptionClassNamesBelowVeryVerbose() {
        assertEquals("cannot reach it: Connection refused",
                UserText.humane("cannot reach it: java.net.ConnectException: Connection refused", 0));
        assertEquals("cannot reach it: java.net.ConnectException: Connection refused",
                UserText.humane("cannot reach it: java.net.ConnectException: Connection refused", 2));
    }
}
