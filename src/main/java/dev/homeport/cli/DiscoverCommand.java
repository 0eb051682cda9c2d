package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code homeport discover}: not built yet. */
@Command(name = "discover", mixinStandardHelpOptions = true, description = "Not built yet.")
final class DiscoverCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "'discover' is not built yet");
    }
}
