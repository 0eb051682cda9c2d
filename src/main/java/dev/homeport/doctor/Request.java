package dev.homeport.doctor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to diagnose.
 *
 * @param targets         the forwards, at least one
 * @param hostnames       names that should resolve to the router's public address (may be empty)
 * @param ipEchoUrl       an IP-echo URL (ddns.ip-url) to compare the internet's view with the router's
 * @param fromConfig      whether the targets come from the config file (the fix is then 'homeport reassert')
 * @param ddnsConfigured  whether homeport keeps these names up to date (changes the advice when they are wrong)
 */
public record Request(List<Target> targets, List<String> hostnames, Optional<String> ipEchoUrl, boolean fromConfig,
                      boolean ddnsConfigured) {

    public Request {
        targets = List.copyOf(targets);
        hostnames = List.copyOf(hostnames);
        Objects.requireNonNull(ipEchoUrl, "ipEchoUrl");
        if (targets.isEmpty()) throw new IllegalArgumentException("targets must not be empty");
        for (String h : hostnames) {
            if (!h.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")) {
                throw new IllegalArgumentException("hostname '" + h + "' is not a DNS name");
            }
        }
    }
}
