package dev.homeport.config;

import java.util.OptionalInt;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Nesting depth of a YAML document, measured on the parser's event stream before anything recursive (the composer)
 * sees it: snakeyaml-engine's composer recurses once per level, so 100k nested brackets would end in a
 * StackOverflowError. Config files and profiles need a handful of levels.
 */
public final class YamlDepth {
    /** Deepest nesting accepted; the deepest shipped profile uses 6. */
    public static final int MAX = 64;

    private YamlDepth() {
    }

    /**
     * The 1-based line where {@code text} nests deeper than {@link #MAX}, if it does. Syntax errors are left to the
     * real parse (the parser throws them here too; the caller then parses again to report them as usual).
     */
    public static OptionalInt tooDeepAt(LoadSettings settings, String text) {
        ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, text));
        int depth = 0;
        while (parser.hasNext()) {
            Event e = parser.next();
            switch (e.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (++depth > MAX) return OptionalInt.of(e.getStartMark().map(m -> m.getLine() + 1).orElse(0));
                }
                case MappingEnd, SequenceEnd -> depth--;
                default -> {
                    // scalars, aliases, document and stream markers do not nest
                }
            }
        }
        return OptionalInt.empty();
    }
}
