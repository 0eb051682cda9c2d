package dev.homeport.cli;

import dev.homeport.config.Config;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How to reach the router, for every command that talks to it. Values left out come from the config file. */
final class RouterOptions {
    @Option(names = "--router", paramLabel = "URL",
            description = "UPnP: the device-description URL (skips discovery). Web admin: the router's admin URL.")
    String url;

    @Option(names = "--via", paramLabel = "auto|upnp|pcp|natpmp|web",
            description = "auto (default): UPnP, then PCP, then NAT-PMP, then the web admin, each when the one before is off"
                    + " or refuses; or only one of upnp, pcp, natpmp, web.")
    Config.Via via;

    @Option(names = "--profile", paramLabel = "ID", description = "Web-admin profile id, or auto (default) to detect it.")
    String profile;

    @Option(names = "--user", paramLabel = "NAME", description = "Web-admin user name (default: admin).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the web-admin password (chmod 600).")
    Path passwordFile;

    @Option(names = "--take-over", description = "Web admin: log out another admin session that holds the router.")
    boolean takeOver;

    Optional<String> url() {
        return Optional.ofNullable(url);
    }

    Optional<Config.Via> via() {
        return Optional.ofNullable(via);
    }
}
