package dev.homeport.watch;

/** What wakes the watch loop besides its timer: a router's announcement, a reload request, a stop request. */
public sealed interface Event permits Trigger, Event.Reload, Event.Stop {

    /** Reload the config now (SIGHUP). */
    record Reload() implements Event {
    }

    /** Finish the current step and end (SIGTERM). */
    record Stop() implements Event {
    }
}
