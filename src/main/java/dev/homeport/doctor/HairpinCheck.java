package dev.homeport.doctor;

import java.util.Optional;

/**
 * Connecting to the router's external address from inside the LAN. Many routers do not loop such connections back
 * (no "hairpin NAT"), so a failure here proves nothing about the outside: always information, never a verdict.
 */
final class HairpinCheck {
    static final String NAME = "hairpin";

    private final Web web;

    HairpinCheck(Web web) {
        this.web = web;
    }

    Check check(Target t, String wanAddress, Optional<String> hostname) {
        String url = "http://" + wanAddress + ":" + t.externalPort() + "/";
        String outside = "to be sure, test from outside: a phone with Wi-Fi off opening http://"
                + hostname.orElse(wanAddress) + ":" + t.externalPort() + "/";
        Web.Fetch f = web.get(url);
        if (f.answered()) {
            return Check.of(NAME, t.key(), Status.INFO, url + " answered HTTP " + f.status()
                    + " from inside the LAN: this router loops connections back (hairpin NAT)", outside);
        }
        return Check.of(NAME, t.key(), Status.INFO, "no answer from " + url + " inside the LAN (" + f.failure().orElse("?")
                + "): many routers do not loop connections back (no hairpin NAT), so this proves nothing about the outside",
                outside);
    }
}
