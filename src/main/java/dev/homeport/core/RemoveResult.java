package dev.homeport.core;

/** What removing a mapping did. */
public sealed interface RemoveResult {

    /** The mapping was ours and is gone. */
    record Removed(PortMapping mapping) implements RemoveResult { }

    /** There was nothing to remove. */
    record Absent() implements RemoveResult { }

    /** A mapping is there but homeport did not create it, or it points at another host: left untouched. */
    record NotOwned(PortMapping mapping) implements RemoveResult { }
}
