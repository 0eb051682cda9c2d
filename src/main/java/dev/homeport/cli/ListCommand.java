package dev.homeport.cli;

import dev.homeport.core.HomeportException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code homeport list}: not built yet. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new HomeportException(HomeportException.Kind.INTERNAL, "'list' is not built yet");
    }
}
