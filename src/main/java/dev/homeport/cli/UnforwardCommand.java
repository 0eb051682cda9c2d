package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code homeport unforward}: not built yet. */
@Command(name = "unforward", mixinStandardHelpOptions = true, description = "Not built yet.")
final class UnforwardCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "'unforward' is not built yet");
    }
}
