package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code homeport reassert}: not built yet. */
@Command(name = "reassert", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ReassertCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "'reassert' is not built yet");
    }
}
