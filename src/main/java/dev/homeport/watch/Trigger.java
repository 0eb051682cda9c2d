package dev.homeport.watch;

import java.util.Objects;
import java.util.Optional;

/**
 * Something a router said that may have broken the forwards or changed the public address: reconcile now.
 *
 * @param source   which listener heard it ({@code ssdp}, {@code announce})
 * @param why      one line for the user, network text already made printable
 * @param location the router's new description URL when it announced one (validated: http, on the sender's address)
 */
public record Trigger(String source, String why, Optional<String> location) implements Event {

    public Trigger {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(location, "location");
    }
}
